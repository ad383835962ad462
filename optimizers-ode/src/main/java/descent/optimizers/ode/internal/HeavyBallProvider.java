package descent.optimizers.ode.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code heavy-ball}: momentum in the thesis's form m ← β m − ∇L(θ), θ ← θ + α m (seed 000,
 * section 5.1), a discretisation of θ'' + cθ' = −∇L with c = (1 − β)/√α (Theorem 5.1.1). See
 * {@link HeavyBall}; β is reported as the epoch's momentum.
 */
public final class HeavyBallProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public HeavyBallProvider() {
        super("heavy-ball", "momentum in the thesis's form: m <- beta * m - g, theta <- theta + lr * m "
                + "(seed 000, sec. 5.1)",
                List.of(Hyperparameter.real("beta", 0.9, Range.closedOpen(0, 1), "momentum coefficient beta")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new HeavyBall(owner(), values.real("beta"), null);
    }
}
