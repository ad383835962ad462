package descent.engine.plugins;

import descent.api.DescentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects plugin problems, or throws at the first one in strict mode. */
final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final boolean strict;
    private final List<PluginProblem> problems = new ArrayList<>();

    Problems(boolean strict) {
        this.strict = strict;
    }

    /**
     * Records one problem; {@code cause} (may be null) goes to the debug log, or into the exception
     * in strict mode, so {@code --verbose} can show the stack trace.
     *
     * @throws DescentException in strict mode, with {@code message}
     */
    void report(Path jar, String message, Throwable cause) {
        if (strict) {
            throw new DescentException(message, cause);
        }
        LOG.debug("plugin problem: {}", message, cause);
        problems.add(new PluginProblem(jar, message));
    }

    int count() {
        return problems.size();
    }

    List<PluginProblem> list() {
        return List.copyOf(problems);
    }
}
