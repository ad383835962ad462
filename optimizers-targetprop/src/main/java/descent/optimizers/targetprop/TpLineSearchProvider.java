package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import java.util.List;

/**
 * {@code tp-linesearch}: seed 001's line-search algorithm (§3.4). Like {@code tp-online} (whole
 * training set per step), but each layer and inverse tries {@code initial-rate} and halves it until
 * its local loss (with the true ReLU) decreases, at most {@code max-halvings} times; if it never
 * does, the layer stays. Every step starts again from {@code initial-rate}: the thesis's pseudo-code
 * keeps the halved rate from step to step, so it could only ever shrink. The engine's {@code --lr}
 * is not used.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class TpLineSearchProvider extends TargetPropProvider {

    @Override
    public String id() {
        return "tp-linesearch";
    }

    @Override
    public String description() {
        return "target propagation, whole training set per step, rate halved from initial-rate until the local loss drops (seed 001, 3.4)";
    }

    @Override
    List<Hyperparameter> ownHyperparameters() {
        return List.of(
                Hyperparameter.real("initial-rate", 1.0, Range.greaterThan(0), "first rate tried in every step, for every layer and inverse"),
                Hyperparameter.integer("max-halvings", 30, Range.closed(1, 1000), "halvings tried before a layer gives up for the step"));
    }

    @Override
    Settings settings(Hyperparameters hp) {
        return new Settings(id(), LocalStep.Rule.LINE_SEARCH, LocalStep.Rule.LINE_SEARCH, true, eta(hp), sigma(hp),
                inverseSteps(hp), hp.real("initial-rate"), Math.toIntExact(hp.integer("max-halvings")), Double.NaN, angleEvery(hp));
    }
}
