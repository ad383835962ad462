package descent.engine.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows the progress of each training epoch. On a terminal it redraws one line in place with
 * carriage returns, at most {@value #UPDATES_PER_SECOND} times a second:
 *
 * <pre>{@code epoch 3/10 [=============>                ] 512/937 loss 0.4312 12.3s 41.6 steps/s, 0:10 left (run 2:40)}</pre>
 *
 * <p>and finishes it with the epoch's summary and a newline. Elsewhere (output redirected to a file or
 * a pipe, a CI log) it writes nothing during the epoch and one plain line at its end, with no carriage
 * returns:
 *
 * <pre>{@code epoch 3/10 937/937 loss 0.4312 12.3s test_loss 0.3811 test_accuracy 0.8920}</pre>
 *
 * <p><b>Order of use.</b> {@link #startEpoch} at the start of each epoch, {@link #update} after each
 * mini-batch (cheap: it returns at once unless a redraw is due), {@link #endEpoch} once the epoch's
 * evaluation is done. The loss passed to {@code update} is shown as given; pass the running mean of
 * the epoch so far for a steady display.
 *
 * <p>Not thread-safe: the training loop owns it. It does not close the stream.
 *
 * <p>Stability: experimental.
 */
public final class Progress {

    /** How to show progress. */
    public enum Mode {
        /** A terminal if {@link System#console()} is not null, plain lines otherwise. */
        AUTO,
        /** A bar redrawn with carriage returns. */
        TERMINAL,
        /** One line per epoch, no carriage returns. */
        PLAIN
    }

    /** The most redraws per second on a terminal. */
    public static final int UPDATES_PER_SECOND = 10;

    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L / UPDATES_PER_SECOND;
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;

    private int epoch;
    private int epochs;
    private long total;
    private long done;
    private double loss = Double.NaN;
    private long startNanos;
    private long lastDrawNanos;
    private int lastLength;
    private boolean inEpoch;

    Progress(PrintStream out, Mode mode, LongSupplier clock) {
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(mode, "mode");
        this.terminal = mode == Mode.TERMINAL || (mode == Mode.AUTO && System.console() != null);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a progress display.
     *
     * @param out where to write, not null (usually {@code System.out} or {@code System.err})
     * @param mode how to show progress, not null
     * @return the display
     */
    public static Progress create(PrintStream out, Mode mode) {
        return new Progress(out, mode, System::nanoTime);
    }

    /** Returns whether this display redraws a bar in place. */
    public boolean isTerminal() {
        return terminal;
    }

    /**
     * Starts an epoch. An epoch still open is ended first, without a summary.
     *
     * @param epoch the epoch number, from 1
     * @param epochs the number of epochs in the run, at least {@code epoch}
     * @param batches the number of mini-batches in this epoch, at least 0 (0 if unknown: no bar)
     * @throws IllegalArgumentException if the numbers are inconsistent
     */
    public void startEpoch(int epoch, int epochs, long batches) {
        if (epoch < 1 || epochs < epoch || batches < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " of " + epochs + " with " + batches
                    + " batches is inconsistent; need 1 <= epoch <= epochs and batches >= 0");
        }
        if (inEpoch) {
            endEpoch("");
        }
        this.epoch = epoch;
        this.epochs = epochs;
        this.total = batches;
        this.done = 0;
        this.loss = Double.NaN;
        this.startNanos = clock.getAsLong();
        this.lastDrawNanos = startNanos - MIN_INTERVAL_NANOS;
        this.lastLength = 0;
        this.inEpoch = true;
        if (terminal) {
            draw(startNanos);
        }
    }

    /**
     * Records progress within the epoch and redraws the bar if a redraw is due.
     *
     * @param batchesDone mini-batches finished so far in this epoch
     * @param loss the loss to show (NaN to show none)
     * @throws IllegalStateException if no epoch is started
     */
    public void update(long batchesDone, double loss) {
        requireEpoch();
        this.done = batchesDone;
        this.loss = loss;
        if (!terminal) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastDrawNanos >= MIN_INTERVAL_NANOS) {
            draw(now);
        }
    }

    /**
     * Ends the epoch: on a terminal the bar is drawn one last time followed by {@code summary} and a
     * newline; otherwise one plain line is written.
     *
     * @param summary text to append (the epoch's evaluation, for example), not null, may be empty
     * @throws IllegalStateException if no epoch is started
     */
    public void endEpoch(String summary) {
        Objects.requireNonNull(summary, "summary");
        requireEpoch();
        long now = clock.getAsLong();
        String tail = summary.isEmpty() ? "" : " " + summary;
        if (terminal) {
            String line = line(now, true, false) + tail;
            out.print("\r" + pad(line));
            out.println();
        } else {
            out.println(line(now, false, false) + tail);
        }
        out.flush();
        inEpoch = false;
    }

    private void requireEpoch() {
        if (!inEpoch) {
            throw new IllegalStateException("no epoch in progress; call startEpoch first");
        }
    }

    private void draw(long now) {
        out.print("\r" + pad(line(now, true, true)));
        out.flush();
        lastDrawNanos = now;
    }

    /** Pads with blanks to cover what is left of a longer previous line. */
    private String pad(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        return padded;
    }

    /** The line; {@code live} (a redraw during the epoch) adds the rate and the time left. */
    private String line(long now, boolean bar, boolean live) {
        StringBuilder s = new StringBuilder();
        s.append("epoch ").append(epoch).append('/').append(epochs);
        if (bar && total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, Math.max(0, done) * BAR_WIDTH / total);
            s.append(" [").append("=".repeat(filled));
            if (filled < BAR_WIDTH) {
                s.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
            }
            s.append(']');
        }
        s.append(' ').append(done);
        if (total > 0) {
            s.append('/').append(total);
        }
        if (!Double.isNaN(loss)) {
            s.append(" loss ").append(String.format(Locale.ROOT, "%.4f", loss));
        }
        double seconds = (now - startNanos) / 1e9;
        s.append(String.format(Locale.ROOT, " %.1fs", seconds));
        if (live && total > 0 && done > 0 && done < total && seconds > 0) {
            // The rate so far, and the time to the end of the epoch and of the run at that rate
            // (evaluation between epochs not counted).
            double rate = done / seconds;
            double epochLeft = (total - done) / rate;
            double runLeft = epochLeft + (double) (epochs - epoch) * total / rate;
            s.append(String.format(Locale.ROOT, " %.1f steps/s, %s left", rate, clock(epochLeft)));
            if (epochs > epoch) {
                s.append(" (run ").append(clock(runLeft)).append(')');
            }
        }
        return s.toString();
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long t = Math.round(Math.max(0, seconds));
        long h = t / 3600;
        long m = t / 60 % 60;
        long sec = t % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
