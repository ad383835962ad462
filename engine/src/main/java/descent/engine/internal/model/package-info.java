/** Built-in models over DL4J networks: {@code mlp} and {@code lenet}. Internal. */
package descent.engine.internal.model;
