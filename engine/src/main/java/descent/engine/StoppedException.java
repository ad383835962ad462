package descent.engine;

import java.nio.file.Path;

/**
 * Training stopped because {@link Training.Builder#stopWhen} asked it to (the command line: a
 * SIGINT or SIGTERM), after writing a checkpoint at a step boundary from which {@code --resume}
 * continues exactly.
 */
public final class StoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final transient Path checkpoint;

    StoppedException(int epoch, int step, Path checkpoint) {
        super("stopped at epoch " + epoch + ", step " + step + (checkpoint == null ? " (no checkpoint file was set)"
                : "; checkpoint in " + checkpoint));
        this.epoch = epoch;
        this.step = step;
        this.checkpoint = checkpoint;
    }

    /** The epoch (from 1) in which the run stopped. */
    public int epoch() {
        return epoch;
    }

    /** The steps of {@link #epoch()} done before the stop. */
    public int step() {
        return step;
    }

    /** Where the checkpoint is, or null when the run had none. */
    public Path checkpoint() {
        return checkpoint;
    }
}
