/** The {@code descent} command-line entry point. */
package descent.app;
