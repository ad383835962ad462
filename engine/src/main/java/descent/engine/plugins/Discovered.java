package descent.engine.plugins;

import descent.api.Provider;
import java.util.Objects;

/**
 * A provider instance together with where it came from.
 *
 * <p>Stability: stable.
 *
 * @param provider the instance, created once at discovery and shared by everyone who looks it up
 * @param origin where it came from
 * @param <P> the service type
 */
public record Discovered<P extends Provider>(P provider, Origin origin) {

    /** Checks that neither component is null. */
    public Discovered {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(origin, "origin");
    }
}
