/**
 * The trainer SPI, for algorithms that are not a gradient step and need the model layer by layer:
 * {@link descent.api.train.TrainerProvider} creates a {@link descent.api.train.Trainer}, which the
 * engine gives one {@link descent.api.train.Batch} at a time.
 */
package descent.api.train;
