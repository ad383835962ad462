package descent.engine.plugins;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Why (part of) one plugin jar was not loaded. The application prints {@link #message()} as a
 * warning and carries on with the other plugins; in strict mode the first problem is fatal instead.
 *
 * <p>Stability: stable.
 *
 * @param jar the plugin jar the problem is about
 * @param message one line that names the jar, says what is wrong and how to fix it
 */
public record PluginProblem(Path jar, String message) {

    /** Checks that neither component is null. */
    public PluginProblem {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(message, "message");
    }

    /** The message. */
    @Override
    public String toString() {
        return message;
    }
}
