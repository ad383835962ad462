package descent.api.train;

import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.Stability;

/**
 * Creates {@link Trainer}s: training algorithms that are not a gradient step on the flat parameter
 * vector (target propagation). Selected with {@code descent train --trainer ID}; registered as a
 * service like optimizers.
 */
@Stability(Stability.Level.STABLE)
public interface TrainerProvider extends Provider {

    /** A new trainer; {@code hyperparameters} are validated against {@link #hyperparameters()}. */
    Trainer create(Hyperparameters hyperparameters);

    /**
     * A new trainer that may step parts of the model with optimizers from {@code optimizers}; the
     * engine calls this one. The default ignores the catalogue and calls {@link #create(Hyperparameters)}.
     */
    default Trainer create(Hyperparameters hyperparameters, descent.api.optim.OptimizerCatalog optimizers) {
        return create(hyperparameters);
    }
}
