package descent.api;

/**
 * A failure the user can fix: bad input, an unknown name, a hyperparameter out of range, a broken
 * plugin jar. The message is one line that names the offending value in quotes and says how to fix
 * it; the CLI prints it alone and exits with status 2. Any other exception is an internal failure.
 *
 * <p>Stability: stable.
 */
public class DescentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line, user-facing message. */
    public DescentException(String message) {
        super(message);
    }

    /** Creates an exception with a one-line, user-facing message and the underlying cause. */
    public DescentException(String message, Throwable cause) {
        super(message, cause);
    }
}
