package descent.app.internal;

import descent.engine.DivergedException;
import descent.engine.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the runs of a {@link Sweep}: each is looked at in its folder first, so a finished run is
 * never trained again and an interrupted one continues from its checkpoint. A run that diverges is
 * a result: its folder gets {@link Sweep#DIVERGED} and the other runs go on.
 */
interface SweepExecutor {

    /** Trains {@code runs} (some or all of {@code sweep}'s), printing one tagged line per event to the executor's stream. */
    void execute(Sweep sweep, List<Sweep.Run> runs);

    /** The executor of {@code descent compare}: one run after another, in this process. */
    final class Local implements SweepExecutor {
        private final TrainRunner runner;
        private final PrintStream out;

        Local(TrainRunner runner, PrintStream out) {
            this.runner = runner;
            this.out = out;
        }

        @Override
        public void execute(Sweep sweep, List<Sweep.Run> runs) {
            int count = 0;
            for (Sweep.Run run : runs) {
                count++;
                String tag = String.format(Locale.ROOT, "[%d/%d %s, init %d/%d] ", count, runs.size(), sweep.label(run), run.init() + 1,
                        sweep.inits());
                Sweep.Status status = Sweep.status(run);
                if (status.note() != null) {
                    out.println(tag + status.note());
                }
                if (status.state() == Sweep.State.DONE) {
                    out.println(tag + "done already (" + run.dir().resolve(TrainRunner.METRICS) + ")");
                    continue;
                }
                if (status.state() == Sweep.State.DIVERGED) {
                    out.println(tag + "diverged before: " + readMarker(run.dir().resolve(Sweep.DIVERGED))
                            + " (delete " + run.dir().resolve(Sweep.DIVERGED) + " to train it again)");
                    continue;
                }
                try {
                    runner.run(run.setup(), run.dir(), status.checkpoint(), tag);
                } catch (DivergedException e) {
                    // One arm diverging is a result of the comparison, not the end of it.
                    AtomicFiles.writeString(run.dir().resolve(Sweep.DIVERGED), e.getMessage() + "\n");
                    out.println(tag + e.getMessage() + "; recorded in " + run.dir().resolve(Sweep.DIVERGED) + ", going on with the other runs");
                }
            }
        }
    }

    /** The first line of a divergence marker. */
    static String readMarker(Path marker) {
        try {
            return Files.readString(marker).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
    }
}
