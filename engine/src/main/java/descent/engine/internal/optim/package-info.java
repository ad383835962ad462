/**
 * The built-in classic optimizers, each an {@link descent.api.optim.OptimizerProvider} found by
 * {@link java.util.ServiceLoader}: {@code sgd}, {@code nesterov}, {@code adam}, {@code adamax},
 * {@code nadam}, {@code amsgrad}, {@code adagrad}, {@code rmsprop}, {@code adadelta} and
 * {@code adabelief} adapt DL4J's updaters ({@link descent.engine.internal.optim.UpdaterOptimizer});
 * {@code momentum}, classic heavy-ball momentum, which DL4J does not have, is written here
 * ({@link descent.engine.internal.optim.HeavyBallMomentum}). Not exported: users select them by id.
 */
package descent.engine.internal.optim;
