/**
 * What all of descent's SPIs share: {@link descent.api.Provider}, declared and validated
 * {@link descent.api.Hyperparameter hyperparameters}, the {@link descent.api.Snapshot} that
 * checkpoints hold, and {@link descent.api.DescentException}, the one exception type for failures a
 * user can fix. The SPIs themselves live in {@code descent.api.optim} (gradient-based update rules),
 * {@code descent.api.train} (algorithms that are not a gradient step), {@code descent.api.model} and
 * {@code descent.api.data}.
 */
package descent.api;
