package descent.engine;

import descent.api.DescentException;

/**
 * Training stopped because the loss became NaN or infinite. A {@link DescentException} (one line,
 * exit status 2 on the command line) that also says where it happened, so that a comparison can
 * record the diverged run and go on with the others.
 */
public final class DivergedException extends DescentException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    DivergedException(int epoch, int step, String message) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** The epoch (from 1) in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The step (from 1) within {@link #epoch()}, or 0 when the test loss after the epoch was NaN. */
    public int step() {
        return step;
    }
}
