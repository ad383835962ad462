/** The commands of the {@code descent} CLI and their option parsing. Internal. */
package descent.app.internal;
