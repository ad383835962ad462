package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import java.util.List;

/**
 * The two trainers of seed 001 that take the analytically optimal rate (§3.2, §3.3); they differ
 * only in how much data one step sees. {@code rate-mode=layer} is the thesis's eq. 3-20, one rate
 * per layer; {@code unit} gives each unit its own and {@code exact} takes the exact minimum along
 * the gradient across active-set breakpoints (neither is in the thesis).
 */
abstract class OptimalRateProvider extends ThesisProvider {

    @Override
    final List<Hyperparameter> ruleHyperparameters() {
        return List.of(Hyperparameter.text("rate-mode", "layer",
                "layer: one rate per layer, min over units of the optimal rate and the active-set bound (eq. 3-20, the thesis);"
                        + " unit: each unit its own (not in the thesis); exact: the exact minimum along the gradient, crossing active-set breakpoints (not in the thesis)"));
    }

    @Override
    final LocalStep.Rule rule(Hyperparameters hp) {
        return switch (hp.text("rate-mode").strip()) {
            case "layer" -> LocalStep.Rule.OPTIMAL_LAYER;
            case "unit" -> LocalStep.Rule.OPTIMAL_UNIT;
            case "exact" -> LocalStep.Rule.EXACT;
            default -> throw hp.invalid("rate-mode", "must be layer, unit or exact");
        };
    }
}
