package descent.optimizers.targetprop;

import descent.api.DescentException;

/**
 * The validated configuration of one target-propagation trainer. The providers read it from their
 * {@link descent.api.Hyperparameters} (which already range-check each field); the canonical
 * constructor checks again so that a trainer built in code fails the same way, naming the field.
 *
 * @param id the trainer's id, for messages
 * @param forwardRule how forward layers step
 * @param inverseRule how the inverses step
 * @param fullBatch whether the trainer asks the engine for the whole training set per step
 * @param eta the output target step: {@code ĥ_L = z_L − η ∂Loss/∂z_L} with the loss summed over the batch
 * @param sigma standard deviation of the noise the inverses are trained on
 * @param inverseSteps K₁, inverse updates per step
 * @param initialRate the line search's first trial rate (NaN unless {@link LocalStep.Rule#LINE_SEARCH})
 * @param maxHalvings the line search's limit (0 unless {@link LocalStep.Rule#LINE_SEARCH})
 * @param inverseLr the inverses' fixed rate (NaN unless {@link LocalStep.Rule#FIXED})
 * @param angleEvery compare the update with the backprop gradient on every this-many-th step of an
 *        epoch, starting with its first; 0 never (the comparison costs a backward pass)
 */
record Settings(String id, LocalStep.Rule forwardRule, LocalStep.Rule inverseRule, boolean fullBatch, double eta,
        double sigma, int inverseSteps, double initialRate, int maxHalvings, double inverseLr,
        int angleEvery) {

    Settings {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw invalid(id, "eta", "must be > 0", eta);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw invalid(id, "sigma", "must be > 0", sigma);
        }
        if (inverseSteps < 1) {
            throw invalid(id, "inverse-steps", "must be >= 1", inverseSteps);
        }
        if (forwardRule == LocalStep.Rule.LINE_SEARCH && (!(initialRate > 0) || Double.isInfinite(initialRate))) {
            throw invalid(id, "initial-rate", "must be > 0", initialRate);
        }
        if (forwardRule == LocalStep.Rule.LINE_SEARCH && maxHalvings < 1) {
            throw invalid(id, "max-halvings", "must be >= 1", maxHalvings);
        }
        if (angleEvery < 0) {
            throw invalid(id, "angle-every", "must be >= 0", angleEvery);
        }
        if (inverseRule == LocalStep.Rule.FIXED && (!(inverseLr > 0) || Double.isInfinite(inverseLr))) {
            throw invalid(id, "inverse-lr", "must be > 0", inverseLr);
        }
    }

    private static DescentException invalid(String id, String field, String requirement, double value) {
        // Static: in the compact constructor the record's fields are not assigned yet.
        String shown = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        return new DescentException("hyperparameter '" + field + "' of trainer '" + id + "' " + requirement + ", got " + shown);
    }
}
