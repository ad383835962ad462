package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import java.util.List;

/**
 * {@code dtp}: difference target propagation as Lee, Zhang, Fischer and Bengio released it (ECML
 * PKDD 2015, {@code conti_dtp.py}):
 * <ul>
 *   <li>the first target at the last hidden layer from the true gradient of the mean cross-entropy,
 *       {@code ĥ_{L−1} = h_{L−1} − η̂ ∂L/∂h_{L−1}} ({@code target-step} η̂, 0.328 in their MNIST run);</li>
 *   <li>no inverse of the output layer; the output layer steps on the global loss;</li>
 *   <li>lower targets {@code ĥ_{i−1} = h_{i−1} − g_i(h_i) + g_i(ĥ_i)}, inverses trained on
 *       {@code ‖g_i(f_i(h_{i−1} + ε)) − (h_{i−1} + ε)‖²} with {@code ε ~ N(0, σ²)} (σ 0.36);</li>
 *   <li>separate optimizers for the layers (at {@code --lr}, 0.0149 in their run) and the inverses
 *       (at {@code inverse-lr}, 0.005), by default their centered RMSprop with momentum
 *       ({@code rmsprop-centered}); any descent optimizer can take either place;</li>
 *   <li>orthogonal initial inverses ({@code inverse-init}); give {@code --init orthogonal} and
 *       {@code --activation tanh} to the mlp for their network.</li>
 * </ul>
 * Differences from the released code, by choice: every layer trains (their forward update list
 * omits W6 and B5), and the inverses train on each mini-batch just before the layers do (their
 * loop trains the inverses over a whole epoch, then the layers over the next).
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class DtpProvider extends TargetPropProvider {

    @Override
    public String id() {
        return "dtp";
    }

    @Override
    public String description() {
        return "difference target propagation as Lee et al. 2015 released it: first target at h_{L-1} from the gradient, no g_L,"
                + " output layer on the cross-entropy, separate optimizers (rmsprop-centered) for layers (--lr) and inverses (inverse-lr)";
    }

    @Override
    List<Hyperparameter> ownHyperparameters() {
        return List.of(
                Hyperparameter.real("target-step", 0.327736332653, Range.greaterThan(0),
                        "eta-hat of the first target h_{L-1} - eta-hat * dL/dh_{L-1}, L the mean cross-entropy (Lee et al.: 0.328)"),
                sigma(0.359829566008),
                Hyperparameter.text("forward-optimizer", "rmsprop-centered",
                        "optimizer of the layers at --lr: an id, optionally with values (adam:beta1=0.8); Lee et al.: centered RMSprop with momentum"),
                Hyperparameter.text("inverse-optimizer", "rmsprop-centered",
                        "optimizer of the inverses at inverse-lr, or fixed (plain steps at inverse-lr)"),
                Hyperparameter.real("inverse-lr", 0.00501149118237, Range.greaterThan(0), "rate of the inverses (Lee et al.: 0.005)"),
                Hyperparameter.text("inverse-init", "orthogonal", "orthogonal (Lee et al.) or he (normal, variance 2/fan-in)"));
    }

    @Override
    Settings settings(Hyperparameters hp) {
        String inverse = hp.text("inverse-optimizer").strip();
        boolean fixed = inverse.equals("fixed");
        boolean orthogonal = switch (hp.text("inverse-init").strip()) {
            case "orthogonal" -> true;
            case "he" -> false;
            default -> throw hp.invalid("inverse-init", "must be orthogonal or he");
        };
        return new Settings(id(), LocalStep.Rule.OPTIMIZER, fixed ? LocalStep.Rule.FIXED : LocalStep.Rule.OPTIMIZER,
                Settings.OutputRule.OPTIMIZER, Settings.FirstTarget.LAST_HIDDEN, false, hp.real("target-step"), true,
                hp.real("sigma"), sigmaPerLayer(hp), inverseSteps(hp), inverseStepsPerLayer(hp), Double.NaN, 0,
                hp.real("inverse-lr"), hp.text("forward-optimizer"), fixed ? "" : inverse, angleEvery(hp), freezeHidden(hp), orthogonal);
    }
}
