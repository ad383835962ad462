package descent.app.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a run trains: the first asks the training loop to write a checkpoint at
 * the next step boundary and stop (the process then exits with 130 or 143, as if the signal had
 * killed it); a second one of either ends the process at once with that status. Outside
 * {@link #install()} … {@link #close()} the JVM's own handling applies.
 */
final class StopSignals implements AutoCloseable {

    private static final String[] NAMES = {"INT", "TERM"};

    private final SignalHandler[] previous = new SignalHandler[NAMES.length];
    private volatile String received;

    private StopSignals() {
    }

    /** Takes over SIGINT and SIGTERM until {@link #close()}. */
    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (int i = 0; i < NAMES.length; i++) {
            try {
                s.previous[i] = Signal.handle(new Signal(NAMES[i]), s::handle);
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal here (-Xrs, say): leave it as it is
            }
        }
        return s;
    }

    private void handle(Signal signal) {
        if (received != null) {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        received = "SIG" + signal.getName();
        System.err.println("descent: " + received + ": stopping at the next step with a checkpoint (again to stop at once)");
    }

    /** Whether a signal asked the run to stop. */
    boolean requested() {
        return received != null;
    }

    /** The signal received, e.g. {@code SIGTERM}; null if none. */
    String received() {
        return received;
    }

    /** The exit status of a process that stopped for {@link #received()}: 128 + the signal's number. */
    int status() {
        return received == null ? 0 : "SIGINT".equals(received) ? 130 : 143;
    }

    @Override
    public void close() {
        for (int i = 0; i < NAMES.length; i++) {
            if (previous[i] != null) {
                Signal.handle(new Signal(NAMES[i]), previous[i]);
            }
        }
    }
}
