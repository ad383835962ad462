package descent.optimizers.ode.internal;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code midpoint}: the explicit midpoint method, order 2: k₁ = ∇L(θ), k₂ = ∇L(θ − h/2 k₁), θ ← θ
 * − h k₂; two gradient evaluations per step, both on the step's mini-batch. Solves the gradient
 * flow dθ/dt = −∇L(θ) with step h = the learning rate; see {@link RungeKutta}.
 */
public final class MidpointProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public MidpointProvider() {
        super("midpoint", "explicit midpoint method, order 2: k2 = g(theta - lr/2 k1), theta <- theta - lr k2", List.of());
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new RungeKutta(RungeKutta.MIDPOINT);
    }
}
