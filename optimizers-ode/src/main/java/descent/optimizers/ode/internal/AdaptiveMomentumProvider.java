package descent.optimizers.ode.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code adaptive-momentum}: the adaptive momentum algorithm (seed 000, Algorithm 3). Heavy ball
 * m ← β m − ∇L, θ ← θ + α m that, whenever the learning-rate schedule changes α, sets β = 1 − c√α, so
 * the same ODE θ'' + cθ' = −∇L is approximated throughout (Theorem 5.1.1). c is given, or derived
 * from the initial β₀ and α₀ as c = (1 − β₀)/√α₀; a β outside (0, 1) is an error naming c, α and β.
 * See {@link HeavyBall.Adaptation} for the rule and for {@code rescale-velocity}. β is reported as
 * the epoch's momentum. The rule acts per epoch, on the rate the epoch starts with.
 */
public final class AdaptiveMomentumProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaptiveMomentumProvider() {
        super("adaptive-momentum", "heavy ball whose beta follows 1 - c*sqrt(lr) when the schedule changes lr, "
                + "keeping theta'' + c theta' = -grad L (seed 000, Alg. 3, Thm. 5.1.1)",
                List.of(Hyperparameter.real("beta", 0.9, Range.open(0, 1), "initial momentum beta0"),
                        Hyperparameter.real("c", 0, Range.atLeast(0),
                                "damping c of beta = 1 - c*sqrt(lr); 0 derives c = (1 - beta0)/sqrt(lr0)"),
                        Hyperparameter.bool("rescale-velocity", false,
                                "at a change of lr, scale m by sqrt(lr_old/lr_new) so theta' stays continuous "
                                        + "(not in Alg. 3)")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new HeavyBall(owner(), values.real("beta"),
                new HeavyBall.Adaptation(values.real("c"), values.bool("rescale-velocity")));
    }
}
