/**
 * The arithmetic behind {@link descent.engine.schedule.GradientTransform}: in-place clipping by
 * value and by global L2 norm, and L2 weight decay, on flat ND4J vectors. Internal.
 */
package descent.engine.internal.grad;
