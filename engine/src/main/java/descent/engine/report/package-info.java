/**
 * What a run leaves on disk, written so that a crash at any moment leaves valid files:
 * {@link descent.engine.report.AtomicFiles} replaces a file in one step,
 * {@link descent.engine.report.MetricsTable} keeps the per-epoch metrics CSV (and reads it back for
 * resume and plotting), {@link descent.engine.report.JsonFiles} writes and reads (with jackson-jr) {@code run.json},
 * {@link descent.engine.report.Figure} and {@link descent.engine.report.LinePlot} draw PNG line
 * charts with Java2D in headless mode, and {@link descent.engine.report.Progress} shows a per-epoch
 * progress bar on a terminal or plain lines in a log. Text is written in UTF-8 and numbers are
 * formatted in {@link java.util.Locale#ROOT}, so files do not depend on the user's locale.
 *
 * <p>Stability: experimental.
 */
package descent.engine.report;
