/**
 * The training regimen users configure on the command line: learning-rate schedules
 * ({@link descent.engine.schedule.LearningRateSchedule}, parsed from {@code --schedule} by
 * {@link descent.engine.schedule.Schedules}) and the gradient transforms clipping and weight decay
 * ({@link descent.engine.schedule.GradientTransform}, from {@code --clip-value},
 * {@code --clip-norm} and {@code --weight-decay}). The engine asks the schedule for a rate once per
 * epoch (to fill the {@link descent.api.optim.EpochPlan}) and once per step, reports each epoch's
 * test loss back to it, and passes every gradient, the oracle's included, through the transforms.
 */
package descent.engine.schedule;
