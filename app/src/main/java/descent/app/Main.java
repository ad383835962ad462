package descent.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import descent.api.DescentException;
import descent.app.internal.Cli;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * {@code descent}: exit status 0 on success, 2 for a user error (one line on stderr; the stack
 * trace only with {@code --verbose}), 1 for an internal failure.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs the CLI and returns the exit status. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        boolean verbose = false;
        for (String a : argv) {
            verbose |= a.equals("--verbose") || a.equals("-v");
        }
        // on the class path of a Spark task another SLF4J binding (Spark's log4j) may have won
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(verbose ? Level.DEBUG : Level.WARN);
        }
        try {
            return new Cli(out, err).run(argv);
        } catch (descent.app.internal.Cli.Stopped e) {
            err.println("descent: " + e.getMessage());
            return e.status();
        } catch (DescentException e) {
            err.println("descent: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (RuntimeException | Error e) {
            err.println("descent: internal error: " + e);
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("run again with --verbose for the stack trace");
            }
            return 1;
        }
    }
}
