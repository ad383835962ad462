/**
 * Finds the providers (optimizers, trainers, models, data sets) the application can use and binds
 * them by id. Built-in providers come from {@link java.util.ServiceLoader} in the engine's own
 * layer; every jar in a plugin folder is resolved into its own child {@link java.lang.ModuleLayer}
 * and searched there. A broken plugin is reported as one {@link descent.engine.plugins.PluginProblem}
 * and skipped, so the others still load; {@link descent.engine.plugins.Registry} holds the result,
 * records where each provider came from, and looks providers up by id with a "did you mean"
 * suggestion; {@link descent.engine.plugins.ProvidersModule} exposes them to Guice as
 * {@code Map<String, OptimizerProvider>} and so on.
 */
package descent.engine.plugins;
