/**
 * Target propagation for fully connected ReLU (and, for {@code dtp}, tanh) networks, as
 * {@link descent.api.train.Trainer} plugins: targets travel down through learned approximate
 * inverses, and every hidden layer (and every inverse) takes one step on its own local squared
 * loss, which is convex while the set of active units stays fixed; the output layer steps on the
 * global cross-entropy. Seed 001's trainers take the analytically optimal step bounded by that set
 * ({@link descent.optimizers.targetprop.LocalStep} holds the mathematics) and the exact line
 * minimum for the output layer ({@link descent.optimizers.targetprop.OutputStep}); {@code dtp} is
 * Lee et al.'s released algorithm with a descent optimizer per layer, {@code dtp-thesis} the
 * fixed-rate version the thesis describes. Not exported: the providers are reached through the
 * service loader.
 */
package descent.optimizers.targetprop;
