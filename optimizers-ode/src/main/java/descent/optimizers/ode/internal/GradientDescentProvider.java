package descent.optimizers.ode.internal;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code gd}: full-batch gradient descent, which is forward Euler on dθ/dt = −∇L(θ) with step
 * h = the learning rate (seed 000, section 3.1). Every epoch asks for a batch of
 * {@link Integer#MAX_VALUE} rows, which the engine caps at the training-set size, so each step
 * sees the whole training set and an epoch is one step.
 */
public final class GradientDescentProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public GradientDescentProvider() {
        super("gd", "full-batch gradient descent = forward Euler on d(theta)/dt = -grad L: theta <- theta - lr * g "
                + "over the whole training set (seed 000, sec. 3.1)", List.of());
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new ForwardEuler(plan -> plan.batchSize(Integer.MAX_VALUE));
    }
}
