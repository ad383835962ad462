package descent.engine.report;

import descent.api.DescentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Several training runs per arm (one per initialisation) reduced to the mean and standard
 * deviation over initialisations of each metric, epoch by epoch: what {@code descent compare}
 * writes as {@code summary.csv}, {@code summary.md} and one PNG per metric.
 *
 * <p>The standard deviation is the sample one (divisor n − 1); with a single initialisation it is
 * NaN (written as an empty cell in the CSV, left out in the Markdown, no band in the plots). Every
 * run must have a row for each epoch 1 to {@code epochs}; rows after that are ignored.
 *
 * <p>Immutable once built. Stability: experimental.
 */
public final class Comparison {

    /** The metrics aggregated, as {@code metrics.csv} names them. */
    public static final List<String> METRICS = List.of("train_loss", "test_loss", "test_accuracy",
            "gradient_evaluations", "epoch_seconds");

    /** The metrics plotted against gradient evaluations as well as against epochs. */
    static final List<String> LEARNING_METRICS = List.of("train_loss", "test_loss", "test_accuracy");

    /**
     * One arm of a comparison.
     *
     * @param label the arm's name, as in legends and the summary
     * @param runs one metrics table per initialisation, at least one
     */
    public record Arm(String label, List<MetricsTable> runs, List<Integer> inits) {
        /**
         * @param inits each run's initialisation (0-based), which pairs runs across arms; distinct
         */
        public Arm {
            Objects.requireNonNull(label, "label");
            runs = List.copyOf(runs);
            inits = List.copyOf(inits);
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("arm '" + label + "' has no runs");
            }
            if (inits.size() != runs.size() || new java.util.HashSet<>(inits).size() != inits.size()) {
                throw new IllegalArgumentException("arm '" + label + "' needs one distinct initialisation per run, got " + inits);
            }
        }

        /** Runs of initialisations 0, 1, … in order. */
        public Arm(String label, List<MetricsTable> runs) {
            this(label, runs, java.util.stream.IntStream.range(0, runs.size()).boxed().toList());
        }
    }

    /**
     * The difference arm − baseline of a metric at one epoch, per initialisation both arms finished
     * (the arms share weights and data order per initialisation, so the pairs remove the spread
     * between initialisations): its mean, sample sd, a 95 % Student-t interval for the mean, and
     * in how many pairs the difference is negative.
     */
    public record Paired(String arm, String baseline, String metric, int epoch, int n, double mean, double sd, double low,
            double high, int negative) {
    }

    /**
     * Mean and sample standard deviation of {@code n} values.
     *
     * @param mean the mean
     * @param sd the sample standard deviation, NaN when n &lt; 2
     * @param n how many values
     */
    public record Stat(double mean, double sd, int n) {

        /** The statistics of {@code values}, at least one. */
        public static Stat of(double[] values) {
            int n = values.length;
            if (n == 0) {
                throw new IllegalArgumentException("no values");
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= n;
            if (n < 2) {
                return new Stat(mean, Double.NaN, n);
            }
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Stat(mean, Math.sqrt(squares / (n - 1)), n);
        }
    }

    private final List<String> labels;
    private final int epochs;
    private final Map<String, Map<String, Stat[]>> byArm;
    private final Map<String, Stat> bestAccuracy;
    /** Test accuracy at each run's epoch of lowest validation loss, by arm; empty without validation columns. */
    private final Map<String, Stat> atBestValidation = new LinkedHashMap<>();
    private final Map<String, Stat> secondsPerEpoch;
    /** values[metric][epoch][run] and each run's initialisation, by arm, for the paired differences. */
    private final Map<String, double[][][]> values = new LinkedHashMap<>();
    private final Map<String, List<Integer>> inits = new LinkedHashMap<>();

    private Comparison(List<String> labels, int epochs, Map<String, Map<String, Stat[]>> byArm,
            Map<String, Stat> bestAccuracy, Map<String, Stat> secondsPerEpoch) {
        this.labels = labels;
        this.epochs = epochs;
        this.byArm = byArm;
        this.bestAccuracy = bestAccuracy;
        this.secondsPerEpoch = secondsPerEpoch;
    }

    /**
     * Aggregates epochs 1 to {@code epochs} of every arm.
     *
     * @throws DescentException if a run lacks one of those epochs or a metric column, naming its file
     * @throws IllegalArgumentException if two arms share a label or {@code epochs} &lt; 1
     */
    public static Comparison of(List<Arm> arms, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        List<String> labels = new ArrayList<>();
        Map<String, double[][][]> rawValues = new LinkedHashMap<>();
        Map<String, Map<String, Stat[]>> byArm = new LinkedHashMap<>();
        Map<String, Stat> best = new LinkedHashMap<>();
        Map<String, Stat> seconds = new LinkedHashMap<>();
        Map<String, Stat> validationSelected = new LinkedHashMap<>();
        for (Arm arm : arms) {
            if (byArm.containsKey(arm.label())) {
                throw new IllegalArgumentException("two arms are labelled '" + arm.label() + "'");
            }
            labels.add(arm.label());
            int n = arm.runs().size();
            // values[metric][epoch][run]
            double[][][] values = new double[METRICS.size()][epochs][n];
            for (int r = 0; r < n; r++) {
                MetricsTable table = arm.runs().get(r);
                Map<Integer, MetricsTable.Row> rows = new LinkedHashMap<>();
                for (MetricsTable.Row row : table.rows()) {
                    double e = row.number("epoch");
                    if (e == Math.rint(e)) {
                        rows.put((int) e, row);
                    }
                }
                for (int e = 1; e <= epochs; e++) {
                    MetricsTable.Row row = rows.get(e);
                    if (row == null) {
                        throw new DescentException("run '" + table.file() + "' has no row for epoch " + e + " of " + epochs
                                + "; finish it (descent compare again resumes it) or delete its folder");
                    }
                    for (int m = 0; m < METRICS.size(); m++) {
                        if (!table.hasColumn(METRICS.get(m))) {
                            throw new DescentException("run '" + table.file() + "' has no column '" + METRICS.get(m)
                                    + "'; it is not a metrics.csv of descent train");
                        }
                        values[m][e - 1][r] = row.number(METRICS.get(m));
                    }
                }
            }
            Map<String, Stat[]> perMetric = new LinkedHashMap<>();
            for (int m = 0; m < METRICS.size(); m++) {
                Stat[] stats = new Stat[epochs];
                for (int e = 0; e < epochs; e++) {
                    stats[e] = Stat.of(values[m][e]);
                }
                perMetric.put(METRICS.get(m), stats);
            }
            byArm.put(arm.label(), perMetric);
            rawValues.put(arm.label(), values);
            double[] bestPerRun = new double[n];
            double[] secondsPerRun = new double[n];
            int acc = METRICS.indexOf("test_accuracy");
            int sec = METRICS.indexOf("epoch_seconds");
            for (int r = 0; r < n; r++) {
                double b = Double.NEGATIVE_INFINITY;
                double s = 0;
                for (int e = 0; e < epochs; e++) {
                    b = Math.max(b, values[acc][e][r]);
                    s += values[sec][e][r];
                }
                bestPerRun[r] = b;
                secondsPerRun[r] = s / epochs;
            }
            best.put(arm.label(), Stat.of(bestPerRun));
            seconds.put(arm.label(), Stat.of(secondsPerRun));
            if (arm.runs().stream().allMatch(t -> t.hasColumn("validation_loss"))) {
                double[] selected = new double[n];
                for (int r = 0; r < n; r++) {
                    double lowest = Double.POSITIVE_INFINITY;
                    selected[r] = Double.NaN;
                    for (MetricsTable.Row row : arm.runs().get(r).rows()) {
                        double e = row.number("epoch");
                        double v = row.number("validation_loss");
                        if (e >= 1 && e <= epochs && v < lowest) {
                            lowest = v;
                            selected[r] = row.number("test_accuracy");
                        }
                    }
                }
                validationSelected.put(arm.label(), Stat.of(selected));
            }
        }
        Comparison c = new Comparison(List.copyOf(labels), epochs, byArm, best, seconds);
        c.atBestValidation.putAll(validationSelected);
        c.values.putAll(rawValues);
        arms.forEach(a -> c.inits.put(a.label(), a.inits()));
        return c;
    }

    /**
     * {@code metric} at {@code epoch} of {@code arm} minus {@code baseline}'s, paired by
     * initialisation; null when fewer than two initialisations are in both.
     */
    public Paired paired(String arm, String baseline, String metric, int epoch) {
        series(arm, metric);
        series(baseline, metric);
        int m = METRICS.indexOf(metric);
        double[] a = values.get(arm)[m][epoch - 1];
        double[] b = values.get(baseline)[m][epoch - 1];
        List<Integer> ia = inits.get(arm);
        List<Integer> ib = inits.get(baseline);
        List<Double> d = new ArrayList<>();
        for (int r = 0; r < ia.size(); r++) {
            int other = ib.indexOf(ia.get(r));
            if (other >= 0) {
                d.add(a[r] - b[other]);
            }
        }
        if (d.size() < 2) {
            return null;
        }
        Stat s = Stat.of(d.stream().mapToDouble(Double::doubleValue).toArray());
        double half = StudentT.quantile(0.975, d.size() - 1) * s.sd() / Math.sqrt(d.size());
        int negative = (int) d.stream().filter(x -> x < 0).count();
        return new Paired(arm, baseline, metric, epoch, d.size(), s.mean(), s.sd(), s.mean() - half, s.mean() + half, negative);
    }

    /** The arm labels, in order. */
    public List<String> labels() {
        return labels;
    }

    /** The epochs aggregated (1 to this). */
    public int epochs() {
        return epochs;
    }

    /**
     * The statistics of {@code metric} (one of {@link #METRICS}) at {@code epoch} (from 1) over the
     * arm's initialisations.
     */
    public Stat stat(String arm, String metric, int epoch) {
        return series(arm, metric)[epoch - 1];
    }

    private Stat[] series(String arm, String metric) {
        Map<String, Stat[]> m = byArm.get(arm);
        if (m == null) {
            throw new IllegalArgumentException("no arm '" + arm + "'; arms: " + labels);
        }
        Stat[] s = m.get(metric);
        if (s == null) {
            throw new IllegalArgumentException("no metric '" + metric + "'; metrics: " + METRICS);
        }
        return s;
    }

    /** Each run's highest test accuracy over the epochs, aggregated over the arm's initialisations. */
    public Stat bestTestAccuracy(String arm) {
        return bestAccuracy.get(arm);
    }

    /**
     * The test accuracy of each run at its epoch of lowest validation loss (model selection on the
     * validation split, as the target-propagation literature reports), over the arm's runs; null
     * when the arm's runs have no validation split.
     */
    public Stat testAccuracyAtBestValidation(String arm) {
        return atBestValidation.get(arm);
    }

    /** Each run's mean training seconds per epoch, aggregated over the arm's initialisations. */
    public Stat secondsPerEpoch(String arm) {
        return secondsPerEpoch.get(arm);
    }

    /**
     * Writes the long table: one row per arm and epoch with columns {@code arm, epoch, inits} and
     * {@code <metric>_mean, <metric>_sd} for each metric; an undefined sd is an empty cell.
     */
    public void writeCsv(Path file) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("arm", "epoch", "inits"));
        for (String m : METRICS) {
            header.add(m + "_mean");
            header.add(m + "_sd");
        }
        MetricsTable.Csv.appendRecord(b, header);
        for (String arm : labels) {
            for (int e = 1; e <= epochs; e++) {
                List<String> cells = new ArrayList<>();
                cells.add(arm);
                cells.add(Integer.toString(e));
                cells.add(Integer.toString(stat(arm, METRICS.get(0), e).n()));
                for (String m : METRICS) {
                    Stat s = stat(arm, m, e);
                    cells.add(Double.toString(s.mean()));
                    cells.add(Double.isNaN(s.sd()) ? "" : Double.toString(s.sd()));
                }
                MetricsTable.Csv.appendRecord(b, cells);
            }
        }
        AtomicFiles.writeString(file, b);
    }

    /**
     * Writes a Markdown summary: {@code heading}, then {@code notes} as a paragraph each, then a table
     * of the last epoch per arm (mean ± sd over initialisations of each metric, the best test
     * accuracy and the mean seconds per epoch).
     */
    public void writeMarkdown(Path file, String heading, List<String> notes) {
        writeMarkdown(file, heading, notes, null);
    }

    /**
     * {@link #writeMarkdown(Path, String, List)} with the paired differences taken against
     * {@code baseline} (an arm label; null: the first arm).
     */
    public void writeMarkdown(Path file, String heading, List<String> notes, String baseline) {
        if (baseline != null && !labels.contains(baseline)) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is not an arm; arms: " + labels);
        }
        StringBuilder b = new StringBuilder();
        b.append("# ").append(heading).append("\n\n");
        for (String note : notes) {
            b.append(note).append("\n\n");
        }
        boolean spread = labels.stream().anyMatch(arm -> stat(arm, METRICS.get(0), epochs).n() > 1);
        boolean validated = !atBestValidation.isEmpty() && labels.stream().allMatch(atBestValidation::containsKey);
        b.append("Epoch ").append(epochs).append(" (the last), ")
                .append(spread ? "mean ± sample standard deviation over initialisations" : "one initialisation per arm")
                .append("; best test accuracy is each run's highest over the epochs (chosen on the test set, so optimistic)")
                .append(validated ? "; test accuracy at best validation is each run's at its epoch of lowest validation loss" : "")
                .append(", seconds / epoch its mean training time.\n\n");
        b.append("| arm | inits | train loss | test loss | test accuracy | best test accuracy |")
                .append(validated ? " test accuracy at best validation |" : "").append(" gradient evaluations | seconds / epoch |\n");
        b.append("|---|---:|---:|---:|---:|---:|").append(validated ? "---:|" : "").append("---:|---:|\n");
        for (String arm : labels) {
            b.append("| ").append(arm.replace("|", "\\|"))
                    .append(" | ").append(stat(arm, "train_loss", epochs).n())
                    .append(" | ").append(format(stat(arm, "train_loss", epochs), "%.4f"))
                    .append(" | ").append(format(stat(arm, "test_loss", epochs), "%.4f"))
                    .append(" | ").append(format(stat(arm, "test_accuracy", epochs), "%.4f"))
                    .append(" | ").append(format(bestTestAccuracy(arm), "%.4f"))
                    .append(validated ? " | " + format(testAccuracyAtBestValidation(arm), "%.4f") : "")
                    .append(" | ").append(format(stat(arm, "gradient_evaluations", epochs), "%.0f"))
                    .append(" | ").append(format(secondsPerEpoch(arm), "%.2f"))
                    .append(" |\n");
        }
        appendPaired(b, baseline == null ? labels.get(0) : baseline);
        AtomicFiles.writeString(file, b);
    }

    /** The paired table of every other arm against {@code baseline} at the last epoch, if any pair has two initialisations. */
    private void appendPaired(StringBuilder b, String baseline) {
        List<Paired> rows = new ArrayList<>();
        for (String arm : labels) {
            if (!arm.equals(baseline)) {
                for (String metric : LEARNING_METRICS) {
                    Paired p = paired(arm, baseline, metric, epochs);
                    if (p != null) {
                        rows.add(p);
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        b.append("\nPaired by initialisation (each arm starts from the same weights and data order as the baseline, **")
                .append(baseline.replace("|", "\\|")).append("**): arm − baseline at epoch ").append(epochs)
                .append(", mean ± sd of the differences, a 95 % Student-t interval for their mean, and in how many")
                .append(" initialisations the arm is lower.\n\n");
        b.append("| arm | metric | pairs | difference | 95 % interval | arm lower in |\n|---|---|---:|---:|---|---:|\n");
        for (Paired p : rows) {
            b.append("| ").append(p.arm().replace("|", "\\|")).append(" | ").append(p.metric().replace('_', ' '))
                    .append(" | ").append(p.n())
                    .append(" | ").append(String.format(Locale.ROOT, "%+.4f ± %.4f", p.mean(), p.sd()))
                    .append(" | ").append(String.format(Locale.ROOT, "[%+.4f, %+.4f]", p.low(), p.high()))
                    .append(" | ").append(p.negative()).append(" / ").append(p.n()).append(" |\n");
        }
    }

    /** {@code mean ± sd} in the given format, or the mean alone when the sd is undefined. */
    static String format(Stat s, String pattern) {
        String mean = String.format(Locale.ROOT, pattern, s.mean());
        return Double.isNaN(s.sd()) ? mean : mean + " ± " + String.format(Locale.ROOT, pattern, s.sd());
    }

    /**
     * Writes {@code <metric>.png} into {@code directory} for every metric: mean curves with ±1 sd
     * bands per arm, against epochs, and for losses and accuracy also against gradient evaluations
     * (an arm whose steps cost more evaluations is drawn further right).
     *
     * @return the files written, in {@link #METRICS} order
     */
    public List<Path> writePlots(Path directory) {
        List<Path> files = new ArrayList<>();
        for (String metric : METRICS) {
            List<LinePlot> panels = new ArrayList<>();
            String name = metric.replace('_', ' ');
            int inits = byArm.values().stream().mapToInt(m -> m.get(metric)[0].n()).max().orElse(1);
            String title = name + (inits > 1 ? " (mean ± 1 sd)" : "");
            panels.add(panel(metric, title, "epoch", null));
            if (LEARNING_METRICS.contains(metric)) {
                panels.add(panel(metric, title, "gradient evaluations", "gradient_evaluations"));
            }
            Path file = directory.resolve(metric + ".png");
            Figure.of(panels.size() * 560, 440, panels).writePngAndSvg(file);
            files.add(file);
        }
        return files;
    }

    private LinePlot panel(String metric, String title, String xLabel, String xMetric) {
        LinePlot.Builder plot = LinePlot.builder().title(title).xLabel(xLabel).yLabel(yLabel(metric)).integerX(xLabel.equals("epoch"));
        if (metric.equals("test_accuracy")) {
            double lo = Double.POSITIVE_INFINITY;
            for (String arm : labels) {
                for (Stat s : series(arm, metric)) {
                    lo = Math.min(lo, s.mean() - (Double.isNaN(s.sd()) ? 0 : s.sd()));
                }
            }
            if (lo < 1) {
                plot.yRange(Math.max(0, Math.floor(lo * 20) / 20), 1);
            }
        }
        for (String arm : labels) {
            Stat[] stats = series(arm, metric);
            double[] x = new double[epochs];
            double[] mean = new double[epochs];
            double[] sd = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                x[e] = xMetric == null ? e + 1 : series(arm, xMetric)[e].mean();
                mean[e] = stats[e].mean();
                sd[e] = stats[e].sd();
            }
            boolean band = false;
            for (double s : sd) {
                band |= !Double.isNaN(s);
            }
            plot.add(band ? Series.meanAndSd(arm, x, mean, sd) : Series.of(arm, x, mean));
        }
        return plot.build();
    }

    private static String yLabel(String metric) {
        return switch (metric) {
            case "train_loss", "test_loss" -> "cross-entropy";
            case "test_accuracy" -> "accuracy";
            case "gradient_evaluations" -> "gradient evaluations (cumulative)";
            case "epoch_seconds" -> "seconds per epoch";
            default -> metric;
        };
    }
}
