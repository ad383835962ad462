/** The training engine. */
package descent.engine;
