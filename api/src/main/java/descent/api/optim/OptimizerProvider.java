package descent.api.optim;

import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.Stability;

/**
 * Creates {@link Optimizer}s of one kind. Registered as a service
 * ({@code provides descent.api.optim.OptimizerProvider with ...} and in
 * {@code META-INF/services}); found at start-up in the boot layer and in {@code plugins/}.
 *
 * <p>The learning rate is not one of an optimizer's hyperparameters: the engine owns it (with its
 * schedule) and hands it to every {@link Optimizer#step step}. Everything else the update rule
 * needs (momentum, betas, temperature, history length) is declared in {@link #hyperparameters()}.
 */
@Stability(Stability.Level.STABLE)
public interface OptimizerProvider extends Provider {

    /**
     * A new optimizer with its own state.
     *
     * @param hyperparameters values already validated against {@link #hyperparameters()}; the
     *     provider adds its own cross-field checks and throws {@link descent.api.DescentException}
     *     naming the field ("hyperparameter 'beta' of optimizer 'heavy-ball' must be in (0, 1), got 1.2")
     */
    Optimizer create(Hyperparameters hyperparameters);
}
