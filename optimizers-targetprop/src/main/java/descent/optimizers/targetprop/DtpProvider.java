package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import java.util.List;

/**
 * {@code dtp}: difference target propagation (Lee, Zhang, Fischer and Bengio, ECML PKDD 2015), the
 * baseline of seed 001: the same targets and noise-trained inverses as {@code tp-online}, but
 * fixed rates. The forward layers step with the engine's learning rate ({@code --lr}, following
 * {@code --schedule}) on the gradient of their local loss; the inverses with {@code inverse-lr}.
 * Mini-batches as configured. The output layer is trained on its local loss towards
 * {@code ĥ_L} like the hidden layers; that loss's gradient is {@code 2·eta} times the gradient of
 * the mean cross-entropy, so with {@code eta = 0.5} it is Lee et al.'s output-layer update.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class DtpProvider extends TargetPropProvider {

    @Override
    public String id() {
        return "dtp";
    }

    @Override
    public String description() {
        return "difference target propagation (Lee et al. 2015) with fixed rates: --lr for the layers, inverse-lr for the inverses";
    }

    @Override
    List<Hyperparameter> ownHyperparameters() {
        return List.of(Hyperparameter.real("inverse-lr", 0.001, Range.greaterThan(0),
                "fixed learning rate of the inverses (0.01 diverges on soybean at --lr 0.05)"));
    }

    @Override
    Settings settings(Hyperparameters hp) {
        return new Settings(id(), LocalStep.Rule.FIXED, LocalStep.Rule.FIXED, false, eta(hp), sigma(hp),
                inverseSteps(hp), Double.NaN, 0, hp.real("inverse-lr"), angleEvery(hp));
    }
}
