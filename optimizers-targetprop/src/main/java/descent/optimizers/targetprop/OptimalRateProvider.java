package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import java.util.List;

/**
 * The two trainers of seed 001 that take the analytically optimal rate (§3.2, §3.3); they differ
 * only in how much data one step sees. {@code rate-mode=layer} is the thesis's eq. 3-20, one rate
 * per layer; {@code rate-mode=unit} gives each unit its own.
 */
abstract class OptimalRateProvider extends TargetPropProvider {

    /** Whether a step sees the whole training set. */
    abstract boolean fullBatch();

    @Override
    final List<Hyperparameter> ownHyperparameters() {
        return List.of(Hyperparameter.text("rate-mode", "layer",
                "layer: one rate per layer, min over units of the optimal rate and the active-set bound (eq. 3-20); unit: each unit its own"));
    }

    @Override
    final Settings settings(Hyperparameters hp) {
        String mode = hp.text("rate-mode");
        LocalStep.Rule rule = switch (mode) {
            case "layer" -> LocalStep.Rule.OPTIMAL_LAYER;
            case "unit" -> LocalStep.Rule.OPTIMAL_UNIT;
            default -> throw hp.invalid("rate-mode", "must be layer or unit");
        };
        return new Settings(id(), rule, rule, fullBatch(), eta(hp), sigma(hp), inverseSteps(hp), Double.NaN, 0, Double.NaN, angleEvery(hp));
    }
}
