/**
 * The optimizer SPI: {@link descent.api.optim.OptimizerProvider} creates an
 * {@link descent.api.optim.Optimizer}, which the engine drives one {@link descent.api.optim.Step}
 * per mini-batch, with a {@link descent.api.optim.GradientOracle} for extra evaluations and an
 * {@link descent.api.optim.EpochPlan} per epoch.
 *
 * <h2>How the dynamical-systems optimizers fit, without changes here</h2>
 * Plain gradient descent is forward Euler on dθ/dt = −∇L(θ) with step h = the learning rate.
 * <ul>
 *   <li><b>Runge-Kutta 4</b> (four evaluations per step): the step copies θ₀, takes
 *       k₁ = {@code step.gradient().dup()}, then k₂, k₃, k₄ from {@code oracle().evaluate(θ₀ − h/2·k₁)}
 *       and so on, each stage point and each k a fresh array, and finally writes
 *       θ₀ − h/6·(k₁ + 2k₂ + 2k₃ + k₄) into {@code step.parameters()}.</li>
 *   <li><b>Adams-Bashforth 4 and Adams PECE</b>: the optimizer keeps the last gradients as copies in
 *       its own ring buffer and exports them (with the fill count and start-up phase) in
 *       {@link descent.api.Snapshot}, so a resumed run takes the identical next step; PECE calls the
 *       oracle once more at the predicted point for the corrector.</li>
 *   <li><b>Growing batch size at given epochs</b>: {@link descent.api.optim.Optimizer#beforeEpoch}
 *       sets {@link descent.api.optim.EpochPlan#batchSize(int)}; the engine re-batches that epoch.</li>
 *   <li><b>Resetting momentum when the learning rate drops</b>: {@code beforeEpoch} sees the
 *       scheduled learning rate, compares it with the last one it saw (kept in its state), sets
 *       β = 1 − c√α, and reports β through {@link descent.api.optim.EpochPlan#momentum(double)}.</li>
 *   <li><b>Switching optimizer at an epoch</b> ("GD for 20 epochs, then Adams"): a composite
 *       optimizer holds both and delegates by epoch; it exports both states under prefixed names.
 *       The engine needs no special case.</li>
 *   <li><b>Full-batch gradient descent</b>: {@code beforeEpoch} sets the batch size to the
 *       training-set size (the engine caps any batch size there).</li>
 * </ul>
 * Algorithms that are not a gradient step at all (target propagation) use
 * {@link descent.api.train.Trainer} instead.
 */
package descent.api.optim;
