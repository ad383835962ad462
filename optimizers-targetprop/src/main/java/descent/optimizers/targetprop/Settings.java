package descent.optimizers.targetprop;

import descent.api.DescentException;

/**
 * The validated configuration of one target-propagation trainer. The providers read it from their
 * {@link descent.api.Hyperparameters} (which already range-check each field); the canonical
 * constructor checks again, and the fields against each other, so that a trainer built in code
 * fails the same way, naming the field.
 *
 * @param id the trainer's id, for messages
 * @param forwardRule how hidden layers step
 * @param inverseRule how the inverses step
 * @param outputRule how the output layer steps
 * @param firstTarget where the target chain starts
 * @param fullBatch whether the trainer asks the engine for the whole training set per step
 * @param eta the first target's step: {@code ĥ_L = z_L − η ∂Loss/∂z_L}, or
 *        {@code ĥ_{L−1} = h_{L−1} − η ∂Loss/∂h_{L−1}}, the loss summed or averaged over the batch as {@code meanLossTarget} says
 * @param meanLossTarget whether the first target takes the gradient of the mean (Lee et al.) rather than the summed loss (the thesis)
 * @param sigma standard deviation of the noise the inverses are trained on
 * @param sigmaPerLayer one σ per inverse, comma-separated, from the lowest; blank for {@code sigma} everywhere
 * @param inverseSteps K₁, inverse updates per step
 * @param inverseStepsPerLayer one K₁ per inverse, comma-separated; blank for {@code inverseSteps} everywhere
 * @param initialRate the line search's first trial rate (NaN unless a line-search rule)
 * @param maxHalvings the line search's limit (0 unless a line-search rule)
 * @param inverseLr the inverses' rate for {@link LocalStep.Rule#FIXED} or {@link LocalStep.Rule#OPTIMIZER} (NaN otherwise)
 * @param forwardOptimizer optimizer spec for the layers under {@link LocalStep.Rule#OPTIMIZER} or {@link OutputRule#OPTIMIZER}; blank otherwise
 * @param inverseOptimizer optimizer spec for the inverses under {@link LocalStep.Rule#OPTIMIZER}; blank otherwise
 * @param angleEvery compare the update with the backprop gradient on every this-many-th step of an
 *        epoch, starting with its first; 0 never (the comparison costs a backward pass)
 * @param freezeHidden the control arm: hidden layers (and inverses) never move; only the output layer trains
 * @param orthogonalInverses whether the inverses start orthogonal (Lee et al.) rather than He-normal
 */
record Settings(String id, LocalStep.Rule forwardRule, LocalStep.Rule inverseRule, OutputRule outputRule, FirstTarget firstTarget,
        boolean fullBatch, double eta, boolean meanLossTarget, double sigma, String sigmaPerLayer, int inverseSteps,
        String inverseStepsPerLayer, double initialRate, int maxHalvings, double inverseLr, String forwardOptimizer,
        String inverseOptimizer, int angleEvery, boolean freezeHidden, boolean orthogonalInverses) {

    /** How the output layer steps. */
    enum OutputRule {
        /** Towards ĥ_L on its local squared loss, with the layers' rule (DTP as the thesis summarises it). */
        LOCAL,
        /** On the mean cross-entropy, to the exact minimum along its negative gradient ({@link OutputStep#exact}). */
        CROSS_ENTROPY_EXACT,
        /** On the mean cross-entropy, §3.4's halving as printed ({@link OutputStep#literal}). */
        CROSS_ENTROPY_LITERAL,
        /** On the mean cross-entropy with the forward optimizer at the engine's rate (Lee et al.). */
        OPTIMIZER
    }

    /** Where the chain of targets starts. */
    enum FirstTarget {
        /** ĥ_L at the output's logits, then through g_L (the thesis). */
        OUTPUT,
        /** ĥ_{L−1} at the last hidden layer from the true gradient; no g_L (Lee et al.). */
        LAST_HIDDEN
    }

    Settings {
        sigmaPerLayer = sigmaPerLayer == null ? "" : sigmaPerLayer.strip();
        inverseStepsPerLayer = inverseStepsPerLayer == null ? "" : inverseStepsPerLayer.strip();
        forwardOptimizer = forwardOptimizer == null ? "" : forwardOptimizer.strip();
        inverseOptimizer = inverseOptimizer == null ? "" : inverseOptimizer.strip();
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw invalid(id, meanLossTarget ? "target-step" : "eta", "must be > 0", eta);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw invalid(id, "sigma", "must be > 0", sigma);
        }
        if (inverseSteps < 1) {
            throw invalid(id, "inverse-steps", "must be >= 1", inverseSteps);
        }
        boolean search = isSearch(forwardRule) || isSearch(inverseRule) || outputRule == OutputRule.CROSS_ENTROPY_LITERAL;
        if (search && (!(initialRate > 0) || Double.isInfinite(initialRate))) {
            throw invalid(id, "initial-rate", "must be > 0", initialRate);
        }
        if (search && maxHalvings < 1) {
            throw invalid(id, "max-halvings", "must be >= 1", maxHalvings);
        }
        if (angleEvery < 0) {
            throw invalid(id, "angle-every", "must be >= 0", angleEvery);
        }
        if ((inverseRule == LocalStep.Rule.FIXED || inverseRule == LocalStep.Rule.OPTIMIZER)
                && (!(inverseLr > 0) || Double.isInfinite(inverseLr))) {
            throw invalid(id, "inverse-lr", "must be > 0", inverseLr);
        }
        if ((forwardRule == LocalStep.Rule.OPTIMIZER || outputRule == OutputRule.OPTIMIZER) && forwardOptimizer.isEmpty()) {
            throw new DescentException("hyperparameter 'forward-optimizer' of trainer '" + id + "' must name an optimizer, e.g. rmsprop-centered");
        }
        if (inverseRule == LocalStep.Rule.OPTIMIZER && inverseOptimizer.isEmpty()) {
            throw new DescentException("hyperparameter 'inverse-optimizer' of trainer '" + id + "' must name an optimizer, e.g. rmsprop-centered");
        }
        if (outputRule == OutputRule.LOCAL && firstTarget != FirstTarget.OUTPUT) {
            throw new DescentException("trainer '" + id + "': an output layer trained towards its own target needs first-target=output");
        }
        if (outputRule == OutputRule.LOCAL && forwardRule == LocalStep.Rule.OPTIMIZER) {
            throw new DescentException("trainer '" + id + "': an output layer on its local loss cannot use the forward optimizer");
        }
    }

    private static boolean isSearch(LocalStep.Rule rule) {
        return rule == LocalStep.Rule.LINE_SEARCH || rule == LocalStep.Rule.LINE_SEARCH_LITERAL;
    }

    /** The number of inverses: one per hidden layer above the first, plus g_L when the chain starts at the output. */
    int inverses(int layers) {
        return firstTarget == FirstTarget.OUTPUT ? layers - 1 : layers - 2;
    }

    /** σ of each inverse, from the lowest. */
    double[] sigmas(int inverses) {
        double[] out = new double[inverses];
        java.util.Arrays.fill(out, sigma);
        if (!sigmaPerLayer.isEmpty()) {
            String[] parts = perLayer("sigma-per-layer", sigmaPerLayer, inverses);
            for (int i = 0; i < inverses; i++) {
                try {
                    out[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    out[i] = Double.NaN;
                }
                if (!(out[i] > 0) || Double.isInfinite(out[i])) {
                    throw new DescentException("hyperparameter 'sigma-per-layer' of trainer '" + id + "' must be positive numbers, got '"
                            + sigmaPerLayer + "'");
                }
            }
        }
        return out;
    }

    /** K₁ of each inverse, from the lowest. */
    int[] inverseStepsByLayer(int inverses) {
        int[] out = new int[inverses];
        java.util.Arrays.fill(out, inverseSteps);
        if (!inverseStepsPerLayer.isEmpty()) {
            String[] parts = perLayer("inverse-steps-per-layer", inverseStepsPerLayer, inverses);
            for (int i = 0; i < inverses; i++) {
                try {
                    out[i] = Integer.parseInt(parts[i].strip());
                } catch (NumberFormatException e) {
                    out[i] = -1;
                }
                if (out[i] < 1) {
                    throw new DescentException("hyperparameter 'inverse-steps-per-layer' of trainer '" + id
                            + "' must be whole numbers >= 1, got '" + inverseStepsPerLayer + "'");
                }
            }
        }
        return out;
    }

    private String[] perLayer(String field, String text, int inverses) {
        String[] parts = text.split(",", -1);
        if (parts.length != inverses) {
            throw new DescentException("hyperparameter '" + field + "' of trainer '" + id + "' has " + parts.length
                    + " values but this network has " + inverses + " inverses (one per hidden layer above the first"
                    + (firstTarget == FirstTarget.OUTPUT ? ", and one of the output layer" : "") + "), got '" + text + "'");
        }
        return parts;
    }

    private static DescentException invalid(String id, String field, String requirement, double value) {
        // Static: in the compact constructor the record's fields are not assigned yet.
        String shown = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        return new DescentException("hyperparameter '" + field + "' of trainer '" + id + "' " + requirement + ", got " + shown);
    }
}
