package descent.app.internal;

import descent.api.DescentException;
import java.util.Locale;

/**
 * {@code --pause-after}: a run stops with a checkpoint at the end of an epoch once it has trained
 * this many epochs, or for this long, in this process, and exits with status 0; its configuration
 * keeps its {@code --epochs}, and {@code descent train --resume} continues it exactly where an
 * uninterrupted run would be. The Spark driver trains long runs in such parts ({@code compare
 * --spark-chunk}), so that it holds a checkpoint of every run that an executor's death cannot take.
 *
 * @param epochs epochs to train before pausing, 0 if the limit is a time
 * @param seconds seconds of training after which the next epoch end pauses, 0 if the limit is epochs
 * @param text the value as given
 */
record Pause(int epochs, double seconds, String text) {

    /** {@code 10} (epochs), or a duration with a unit: {@code 90s}, {@code 5m}, {@code 1h}. */
    static Pause parse(String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("[0-9]+")) {
                int epochs = Integer.parseInt(v);
                if (epochs >= 1) {
                    return new Pause(epochs, 0, value.strip());
                }
            } else if (v.matches("[0-9]+(\\.[0-9]+)?[smh]")) {
                double amount = Double.parseDouble(v.substring(0, v.length() - 1));
                double seconds = amount * switch (v.charAt(v.length() - 1)) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    default -> 3600;
                };
                if (seconds > 0) {
                    return new Pause(0, seconds, value.strip());
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new DescentException("--" + option + " takes a number of epochs (10) or a duration with its unit (90s, 5m, 1h), not '"
                + value + "'");
    }

    /**
     * Decides, at each epoch end, whether the run pauses there: the clock is read when the training
     * loop first asks after an epoch's end (right after its checkpoint), so the answer cannot turn
     * true in the middle of the next epoch.
     */
    final class Clock {
        private final int start;
        private final int total;
        private final long started = System.nanoTime();
        private int seen;
        private boolean due;

        /**
         * @param start the epochs done when this process took the run up
         * @param total the epochs of the run
         */
        Clock(int start, int total) {
            this.start = start;
            this.total = total;
            this.seen = start;
        }

        /** Whether to stop now, given the epochs done so far. */
        boolean due(int epochsDone) {
            if (epochsDone != seen) {
                seen = epochsDone;
                due = epochsDone > start && epochsDone < total
                        && (epochs > 0 ? epochsDone - start >= epochs : System.nanoTime() - started >= seconds * 1e9);
            }
            return due;
        }
    }
}
