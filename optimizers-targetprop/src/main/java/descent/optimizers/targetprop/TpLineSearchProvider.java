package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import java.util.List;

/**
 * {@code tp-linesearch}: seed 001's line-search algorithm (§3.4), whole training set per step.
 * Two readings of the listing:
 * <ul>
 *   <li>default, <em>reset every step</em>: each hidden layer and inverse tries {@code initial-rate}
 *       and halves it until its local loss (with the true ReLU) is strictly lower, at most
 *       {@code max-halvings} times, starting again from {@code initial-rate} every step;</li>
 *   <li>{@code tp-literal-linesearch=true}, <em>as printed</em>: the rate is set once, halved before
 *       every trial ({@code do ρ ← ρ/2 ... while L_after > L_before}), accepted at ≤, and kept
 *       from step to step, so it can only shrink. The output layer halves on the cross-entropy.</li>
 * </ul>
 * In the default the output layer takes the exact line minimum of the cross-entropy. The engine's
 * {@code --lr} is not used.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class TpLineSearchProvider extends ThesisProvider {

    @Override
    public String id() {
        return "tp-linesearch";
    }

    @Override
    public String description() {
        return "target propagation, whole training set per step, halving line search on each layer's local loss (seed 001, \u00a73.4):"
                + " by default from initial-rate every step, accepted at <; tp-literal-linesearch=true as printed (the rate kept, halved"
                + " before every trial, accepted at <=); output layer on the cross-entropy, by an exact line search (halving, literal)";
    }

    @Override
    List<Hyperparameter> ruleHyperparameters() {
        return List.of(
                Hyperparameter.real("initial-rate", 1.0, Range.greaterThan(0), "first rate tried (reset every step), or the rate set once (literal)"),
                Hyperparameter.integer("max-halvings", 30, Range.closed(1, 1000), "halvings tried before a layer gives up for the step"),
                Hyperparameter.bool("tp-literal-linesearch", false,
                        "true: 3.4 as printed, the rate kept across steps, halved before every trial, accepted at <=; false: reset to initial-rate every step, accepted at <"));
    }

    @Override
    LocalStep.Rule rule(Hyperparameters hp) {
        return hp.bool("tp-literal-linesearch") ? LocalStep.Rule.LINE_SEARCH_LITERAL : LocalStep.Rule.LINE_SEARCH;
    }

    @Override
    boolean fullBatch() {
        return true;
    }
}
