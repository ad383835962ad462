/**
 * The optimizer conformance kit, published in the {@code descent-api} test-jar: a convex
 * {@link descent.api.testkit.QuadraticProblem} with exact gradient and exact gradient flow, the
 * {@link descent.api.testkit.OptimizerChecks} every optimizer must pass, and
 * {@link descent.api.testkit.OptimizerConformance}, the abstract JUnit 5 suite that runs them and
 * that the built-in optimizers and third-party plugins extend.
 */
package descent.api.testkit;
