package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import java.util.List;

/**
 * {@code dtp-thesis}: difference target propagation as seed 001 summarises it (§2.3.1) and as this
 * project first built it: the thesis's target chain (ĥ_L = z_L − η(p − y) with the loss summed
 * over the batch, then through every inverse, g_L included), noise-trained inverses, and one fixed
 * rate for everything: the layers, the output layer included, step with the engine's {@code --lr}
 * (following {@code --schedule}) on the gradient of their local squared loss; the inverses with
 * {@code inverse-lr}. This is <em>not</em> Lee et al.'s released algorithm; {@code dtp} is.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class DtpThesisProvider extends TargetPropProvider {

    @Override
    public String id() {
        return "dtp-thesis";
    }

    @Override
    public String description() {
        return "DTP as summarised in the thesis \u00a72.3.1: target at the output through g_L, output layer on its local loss,"
                + " plain fixed rates (--lr for the layers, inverse-lr for the inverses); not Lee et al.'s code (that is dtp)";
    }

    @Override
    List<Hyperparameter> ownHyperparameters() {
        return List.of(TargetPropProvider.eta(), sigma(0.1),
                Hyperparameter.real("inverse-lr", 0.001, Range.greaterThan(0),
                        "fixed learning rate of the inverses (0.01 diverges on soybean at --lr 0.05)"));
    }

    @Override
    Settings settings(Hyperparameters hp) {
        return new Settings(id(), LocalStep.Rule.FIXED, LocalStep.Rule.FIXED, Settings.OutputRule.LOCAL, Settings.FirstTarget.OUTPUT,
                false, hp.real("eta"), false, hp.real("sigma"), sigmaPerLayer(hp), inverseSteps(hp), inverseStepsPerLayer(hp),
                Double.NaN, 0, hp.real("inverse-lr"), "", "", angleEvery(hp), freezeHidden(hp), false);
    }
}
