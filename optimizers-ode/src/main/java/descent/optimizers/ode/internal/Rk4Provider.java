package descent.optimizers.ode.internal;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code rk4}: the classical fourth-order Runge-Kutta method of seed 000, Algorithm 4: k₁ = ∇L(θ),
 * k₂ = ∇L(θ − h/2 k₁), k₃ = ∇L(θ − h/2 k₂), k₄ = ∇L(θ − h k₃), θ ← θ − h/6 (k₁ + 2k₂ + 2k₃ + k₄);
 * four gradient evaluations per step, all on the step's mini-batch. The scheme printed in section
 * 6.1 drops the weights 2 of k₂ and k₃; Algorithm 4 has them. Solves the gradient flow dθ/dt =
 * −∇L(θ) with step h = the learning rate; see {@link RungeKutta}.
 */
public final class Rk4Provider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public Rk4Provider() {
        super("rk4", "classical Runge-Kutta 4 on d(theta)/dt = -grad L, four gradients of one mini-batch per step (seed 000, Alg. 4)", List.of());
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new RungeKutta(RungeKutta.RK4);
    }
}
