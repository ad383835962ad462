package descent.api.optim;

import descent.api.Stability;

/**
 * The optimizers the running application knows, by id, for a trainer that steps parts of a model
 * with an optimizer of the user's choice (difference target propagation steps each layer and each
 * inverse with its own). Handed to {@link descent.api.train.TrainerProvider#create(descent.api.Hyperparameters,
 * OptimizerCatalog)}.
 *
 * <p>A spec is an optimizer id, optionally with hyperparameters after a colon:
 * {@code rmsprop-centered} or {@code adam:beta1=0.8,beta2=0.99}. Values are checked against the
 * optimizer's declarations as on the command line; the learning rate is not among them (the caller
 * passes it to every {@link Step}).
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface OptimizerCatalog {

    /**
     * A new optimizer with its own state, not yet initialized.
     *
     * @param spec {@code ID} or {@code ID:NAME=VALUE,NAME=VALUE}
     * @param usedFor what the optimizer is for, for messages ("hyperparameter 'forward-optimizer' of trainer 'dtp'")
     * @throws descent.api.DescentException naming the spec and {@code usedFor} if the id is unknown or a value is invalid
     */
    Optimizer create(String spec, String usedFor);
}
