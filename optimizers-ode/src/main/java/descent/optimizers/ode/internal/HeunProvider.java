package descent.optimizers.ode.internal;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code heun}: Heun's method (the explicit trapezoid rule), order 2: k₁ = ∇L(θ), k₂ = ∇L(θ − h
 * k₁), θ ← θ − h (k₁ + k₂)/2; two gradient evaluations per step, both on the step's mini-batch.
 * Solves the gradient flow dθ/dt = −∇L(θ) with step h = the learning rate; see {@link RungeKutta}.
 */
public final class HeunProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public HeunProvider() {
        super("heun", "Heun's method (explicit trapezoid, order 2): k1 = g(theta), k2 = g(theta - lr k1), theta <- theta - lr (k1 + k2)/2", List.of());
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new RungeKutta(RungeKutta.HEUN);
    }
}
