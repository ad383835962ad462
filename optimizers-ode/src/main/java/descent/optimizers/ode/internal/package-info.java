/**
 * The optimizers of seed 000 (a thesis that reads deep-learning optimizers as numerical solvers of
 * dynamical systems), each an {@link descent.api.optim.OptimizerProvider} found by
 * {@link java.util.ServiceLoader}. The engine's learning rate is the step size h of the solver;
 * every stage and history buffer is the optimizer's own copy, never a view of the engine's
 * parameter or gradient buffers. Not exported: users select the optimizers by id.
 */
package descent.optimizers.ode.internal;
