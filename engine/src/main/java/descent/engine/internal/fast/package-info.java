/**
 * The fast executor: DL4J networks compiled into fixed plans of OpenBLAS products and Java loops
 * over buffers allocated once, beside the DL4J path, which stays the reference. Internal.
 */
package descent.engine.internal.fast;
