package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * The three trainers of seed 001 ({@code tp-online}, {@code tp-batch}, {@code tp-linesearch}): the
 * output layer on the global cross-entropy, the first target ĥ_L, the inverses on the layers' own
 * rule. The non-thesis variants are hyperparameters, none of them a default: {@code first-target},
 * {@code inverse-optimizer} with {@code inverse-lr}, and the rate rules each subclass adds.
 */
abstract class ThesisProvider extends TargetPropProvider {

    /** The rule of the hidden layers (and, by default, the inverses) for these values. */
    abstract LocalStep.Rule rule(Hyperparameters hp);

    /** Whether a step sees the whole training set. */
    abstract boolean fullBatch();

    /** The subclass's own hyperparameters. */
    abstract List<Hyperparameter> ruleHyperparameters();

    @Override
    final List<Hyperparameter> ownHyperparameters() {
        List<Hyperparameter> all = new ArrayList<>(ruleHyperparameters());
        all.add(eta());
        all.add(sigma(0.1));
        all.add(Hyperparameter.text("first-target", "output",
                "output: the chain starts at the output, h_L target through g_L (the thesis); last-hidden: at h_{L-1} from the true gradient, no g_L (not in the thesis; Lee et al.)"));
        all.add(Hyperparameter.text("inverse-optimizer", "thesis",
                "thesis: the inverses step with the layers' rule; fixed: at inverse-lr; or an optimizer spec such as rmsprop-centered or adam:beta1=0.8 at inverse-lr (not in the thesis)"));
        all.add(Hyperparameter.real("inverse-lr", 0.005, Range.greaterThan(0),
                "the inverses' rate when inverse-optimizer is fixed or an optimizer"));
        return all;
    }

    @Override
    final Settings settings(Hyperparameters hp) {
        LocalStep.Rule forward = rule(hp);
        boolean literal = forward == LocalStep.Rule.LINE_SEARCH_LITERAL;
        String inverse = hp.text("inverse-optimizer").strip();
        LocalStep.Rule inverseRule = switch (inverse) {
            case "thesis" -> forward;
            case "fixed" -> LocalStep.Rule.FIXED;
            default -> LocalStep.Rule.OPTIMIZER;
        };
        Settings.FirstTarget first = switch (hp.text("first-target").strip()) {
            case "output" -> Settings.FirstTarget.OUTPUT;
            case "last-hidden" -> Settings.FirstTarget.LAST_HIDDEN;
            default -> throw hp.invalid("first-target", "must be output or last-hidden");
        };
        boolean search = forward == LocalStep.Rule.LINE_SEARCH || literal;
        return new Settings(id(), forward, inverseRule,
                literal ? Settings.OutputRule.CROSS_ENTROPY_LITERAL : Settings.OutputRule.CROSS_ENTROPY_EXACT, first, fullBatch(),
                hp.real("eta"), false, hp.real("sigma"), sigmaPerLayer(hp), inverseSteps(hp), inverseStepsPerLayer(hp),
                search ? hp.real("initial-rate") : Double.NaN, search ? Math.toIntExact(hp.integer("max-halvings")) : 0,
                inverseRule == forward ? Double.NaN : hp.real("inverse-lr"), "",
                inverseRule == LocalStep.Rule.OPTIMIZER ? inverse : "", angleEvery(hp), freezeHidden(hp), false);
    }
}
