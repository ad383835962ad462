package descent.engine.report;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named instants in the writing of a run folder where the kill tests stop a process, so that a
 * SIGKILL lands exactly there rather than wherever a timer happens to fall.
 *
 * <p>Off unless the system property {@value #PROPERTY} is {@code NAME@N}: the {@code N}th time
 * (from 1) the process reaches point {@code NAME}, it prints one line to stderr,
 * {@code descent: stopped at crash point NAME@N (pid P)}, and waits there until it is killed. The
 * points: {@code FILE:written} (a file's new content is complete and synced in its temporary file,
 * not yet renamed over the old one) and {@code FILE:renamed} (the rename is done), for every file
 * written through {@link AtomicFiles} ({@code checkpoint.zip}, {@code metrics.csv}, ...).
 */
public final class CrashPoint {

    /** The system property that arms one crash point. */
    public static final String PROPERTY = "descent.crash-point";

    private static final String ARMED = System.getProperty(PROPERTY);
    private static final ConcurrentHashMap<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private CrashPoint() {
    }

    /** Marks that the process has reached point {@code name}; stops here if that point is armed. */
    public static void reach(String name) {
        if (ARMED == null) {
            return;
        }
        int n = COUNTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (!ARMED.equals(name + "@" + n)) {
            return;
        }
        System.err.println("descent: stopped at crash point " + ARMED + " (pid " + ProcessHandle.current().pid() + ")");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // only a kill ends this
            }
        }
    }
}
