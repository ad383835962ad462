package descent.engine.plugins;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a discovered provider came from, for {@code descent list}, debug logs and messages.
 *
 * <p>Stability: stable.
 *
 * @param kind the service type it implements
 * @param id the id it reported
 * @param className the provider's class
 * @param module the name of the provider's module; empty for a provider on the class path
 * @param version the module's version; empty if the module has none (or for the class path)
 * @param jar the plugin jar it was loaded from; empty for a built-in provider
 */
public record Origin(ProviderKind<?> kind, String id, String className, Optional<String> module,
                     Optional<String> version, Optional<Path> jar) {

    /** Text of {@link #location()} for a provider that is part of the application. */
    public static final String BUILT_IN = "built in";

    /** Checks that no component is null. */
    public Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(jar, "jar");
    }

    /** Whether the provider came from a plugin jar rather than the application. */
    public boolean isPlugin() {
        return jar.isPresent();
    }

    /** The plugin jar's path, or {@value #BUILT_IN}. */
    public String location() {
        return jar.map(Path::toString).orElse(BUILT_IN);
    }

    /**
     * The provider for a message: "class demo.Shout in module 'shout' 1.2 (plugins/shout-1.2.jar)",
     * "class descent.engine.optim.Adam in module 'descent.engine' (built in)", or "class a.B on the
     * class path (built in)".
     */
    public String describe() {
        String where = module.map(m -> "in module '" + m + "'" + version.map(v -> " " + v).orElse(""))
                .orElse("on the class path");
        return "class " + className + " " + where + " (" + location() + ")";
    }
}
