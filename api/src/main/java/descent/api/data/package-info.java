/**
 * The data-set SPI: {@link descent.api.data.DatasetProvider} loads a
 * {@link descent.api.data.Dataset} (train and test {@link descent.api.data.Split}s) by id;
 * {@link descent.api.data.Scaling} scales features with statistics from the training split.
 */
package descent.api.data;
