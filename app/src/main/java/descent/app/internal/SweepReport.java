package descent.app.internal;

import descent.api.DescentException;
import descent.engine.report.Comparison;
import descent.engine.report.MetricsTable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary of a {@link Sweep} from its finished runs' folders, whoever trained them:
 * {@code summary.csv}, {@code summary.md} (with the paired differences against the baseline arm)
 * and one plot per metric, plus the last epoch's means on the output stream.
 */
final class SweepReport {

    private SweepReport() {
    }

    /**
     * Writes the summary of {@code sweep} over its first {@code epochs} epochs (every epoch, or, for
     * {@code --report}, those that every run has finished: {@link #epochsDoneByAll}).
     *
     * @throws DescentException when every run diverged
     */
    static void write(Sweep sweep, int epochs, PrintStream out) {
        TrainRunner.Setup first = sweep.first();
        List<Sweep.Run> runs = sweep.runs();
        List<Comparison.Arm> results = new ArrayList<>();
        List<String> divergences = new ArrayList<>();
        for (int a = 0; a < sweep.arms().size(); a++) {
            String label = sweep.arms().get(a).label();
            List<MetricsTable> tables = new ArrayList<>();
            List<Integer> initsOfTables = new ArrayList<>();
            for (Sweep.Run run : runs) {
                if (run.arm() != a) {
                    continue;
                }
                Path marker = run.dir().resolve(Sweep.DIVERGED);
                if (Files.isRegularFile(marker)) {
                    divergences.add(label + ", init " + (run.init() + 1) + ": " + SweepExecutor.readMarker(marker));
                } else {
                    tables.add(MetricsTable.read(run.dir().resolve(TrainRunner.METRICS)));
                    initsOfTables.add(run.init());
                }
            }
            if (tables.isEmpty()) {
                out.println("compare: every run of arm '" + label + "' diverged; it is left out of the summary");
            } else {
                results.add(new Comparison.Arm(label, tables, initsOfTables));
            }
        }
        if (results.isEmpty()) {
            throw new DescentException("every run of every arm diverged (" + String.join("; ", divergences)
                    + "); lower the learning rates");
        }
        List<String> notes = new ArrayList<>();
        if (epochs < first.epochs) {
            notes.add(String.format(Locale.ROOT, "**Partial**: every run has finished epoch %d of %d, and this summary covers"
                    + " epochs 1 to %d (`descent compare --report`); the same command without --report goes on with the runs.",
                    epochs, first.epochs, epochs));
        }
        notes.addAll(sweep.notes());
        if (!divergences.isEmpty()) {
            notes.add("Diverged, left out of the means (" + divergences.size() + " run" + (divergences.size() == 1 ? "" : "s") + "):\n- "
                    + String.join("\n- ", divergences));
        }
        Path outDir = sweep.outDir();
        Presets.Preset preset = sweep.preset();
        Comparison comparison = Comparison.of(results, epochs);
        comparison.writeCsv(outDir.resolve("summary.csv"));
        String baseline = preset.baseline() != null && comparison.labels().contains(preset.baseline()) ? preset.baseline() : null;
        comparison.writeMarkdown(outDir.resolve("summary.md"), preset.description(), notes, baseline);
        comparison.writePlots(outDir);
        int inits = sweep.inits();
        out.printf(Locale.ROOT, "compare: after epoch %d, mean over %d init%s:%n", epochs, inits, inits == 1 ? "" : "s");
        for (String arm : comparison.labels()) {
            out.printf(Locale.ROOT, "  %-24s train loss %s  test loss %s  test accuracy %s%n", arm,
                    plusMinus(comparison.stat(arm, "train_loss", epochs)), plusMinus(comparison.stat(arm, "test_loss", epochs)),
                    plusMinus(comparison.stat(arm, "test_accuracy", epochs)));
        }
        divergences.forEach(d -> out.println("  diverged: " + d));
        out.println("compare: wrote " + outDir.resolve("summary.csv") + ", " + outDir.resolve("summary.md") + " and "
                + String.join(", ", Comparison.METRICS.stream().map(m -> m + ".png").toList()) + " in " + outDir);
    }

    /**
     * For {@code --report}: the last epoch that every run (but the diverged ones) has finished,
     * read from the runs' metrics.
     */
    static int epochsDoneByAll(Sweep sweep) {
        int done = Integer.MAX_VALUE;
        String slowest = null;
        for (Sweep.Run run : sweep.runs()) {
            if (Files.isRegularFile(run.dir().resolve(Sweep.DIVERGED))) {
                continue;
            }
            int epochs = Sweep.epochsRecorded(run.dir());
            if (epochs < done) {
                done = epochs;
                slowest = sweep.label(run) + ", init " + (run.init() + 1);
            }
        }
        if (slowest == null) {
            return 1; // every run diverged: the caller says so
        }
        if (done == 0) {
            throw new DescentException("--report: run " + slowest + " has not finished an epoch yet, so no epoch can be summarised;"
                    + " run the comparison first (the same command without --report)");
        }
        return done;
    }

    private static String plusMinus(Comparison.Stat s) {
        return Double.isNaN(s.sd()) ? String.format(Locale.ROOT, "%.4f", s.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.sd());
    }
}
