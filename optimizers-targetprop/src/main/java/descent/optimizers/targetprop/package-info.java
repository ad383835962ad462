/**
 * Target propagation for fully connected ReLU networks, as {@link descent.api.train.Trainer}
 * plugins: targets travel down through learned approximate inverses, and every layer (and every
 * inverse) takes one step on its own local squared loss, which is convex while the set of active
 * units stays fixed; seed 001's trainers take the analytically optimal step bounded by that set
 * ({@link descent.optimizers.targetprop.LocalStep} holds the mathematics), and {@code dtp} takes a
 * fixed one. Not exported: the providers are reached through the service loader.
 */
package descent.optimizers.targetprop;
