/**
 * A plugin of optimizers read as numerical solvers of the gradient flow dθ/dt = −∇L(θ), of its
 * stochastic version dθ = −∇L dt + √(2T) dB and of the damped second-order flow θ'' + cθ' = −∇L
 * (seed 000, chapters 3 to 6): {@code gd}, {@code euler-maruyama}, {@code heavy-ball},
 * {@code adaptive-batch-sgd}, {@code adaptive-momentum}, {@code heun}, {@code midpoint},
 * {@code rk4}, {@code ab4} and {@code adams-pece}. It exports nothing: the engine finds the
 * optimizers through the {@link descent.api.optim.OptimizerProvider} service and users select
 * them by id.
 */
module descent.optimizers.ode {
    requires descent.api;

    provides descent.api.optim.OptimizerProvider with
            descent.optimizers.ode.internal.GradientDescentProvider,
            descent.optimizers.ode.internal.EulerMaruyamaProvider,
            descent.optimizers.ode.internal.HeavyBallProvider,
            descent.optimizers.ode.internal.AdaptiveBatchSgdProvider,
            descent.optimizers.ode.internal.AdaptiveMomentumProvider,
            descent.optimizers.ode.internal.HeunProvider,
            descent.optimizers.ode.internal.MidpointProvider,
            descent.optimizers.ode.internal.Rk4Provider,
            descent.optimizers.ode.internal.AdamsBashforthProvider,
            descent.optimizers.ode.internal.AdamsPeceProvider;
}
