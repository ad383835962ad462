package descent.api;

import java.util.List;

/**
 * What every provider (optimizer, trainer, model, data set) has in common: a stable id that users
 * type on the command line, a one-line description, and its declared hyperparameters.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} in the boot layer and in the plugin
 * layer, and bound by id; two providers of one kind with one id are an error that names both
 * modules. A provider must have a public no-argument constructor that does no heavy work: the
 * expensive part happens in its {@code create} method.
 */
@Stability(Stability.Level.STABLE)
public interface Provider {

    /** The id users type: lower-case words joined by '-' ({@code adam}, {@code adams-pece}). */
    String id();

    /** One line for {@code descent list}. */
    default String description() {
        return "";
    }

    /** The hyperparameters {@code create} accepts, in the order {@code descent list} prints them. */
    default List<Hyperparameter> hyperparameters() {
        return List.of();
    }
}
