package descent.api.model;

import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.Stability;

/**
 * Builds {@link Model}s of one architecture by id ({@code mlp}, {@code lenet}), sized for the data
 * set, with options declared as hyperparameters (hidden widths, for instance).
 */
@Stability(Stability.Level.STABLE)
public interface ModelProvider extends Provider {

    /**
     * A new model with weights initialised from {@code spec.seed()}.
     *
     * @throws descent.api.DescentException if the architecture cannot take {@code spec}'s input
     *     shape (a CNN on tabular data)
     */
    Model create(ModelSpec spec, Hyperparameters hyperparameters);
}
