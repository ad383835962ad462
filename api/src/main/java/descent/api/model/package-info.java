/**
 * The model SPI: {@link descent.api.model.ModelProvider} builds a {@link descent.api.model.Model}
 * (a classifier with a flat parameter vector) for a {@link descent.api.model.ModelSpec}; trainers
 * that work layer by layer see its {@link descent.api.model.DenseLayer}s.
 */
package descent.api.model;
