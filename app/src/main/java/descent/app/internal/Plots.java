package descent.app.internal;

import descent.engine.report.Figure;
import descent.engine.report.LinePlot;
import descent.engine.report.MetricsTable;
import descent.engine.report.Series;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plots of a training run, each as PNG and SVG: losses and test accuracy per epoch, and the
 * learning rate, batch size and momentum where they change ({@code plot.png}, {@code plot.svg}),
 * under a title naming the run; and, for a trainer that reports per-layer diagnostics, one panel
 * per diagnostic with a line per layer ({@code diagnostics.png}, {@code diagnostics.svg}).
 */
final class Plots {

    static final String DIAGNOSTICS = "diagnostics.png";
    private static final Pattern LAYER_COLUMN = Pattern.compile("layer(\\d+)_(.+)");

    private Plots() {
    }

    static void trainingCurves(MetricsTable table, Path png) {
        trainingCurves(table, png, "");
    }

    /** {@link #trainingCurves(MetricsTable, Path)} under {@code title} (the optimizer, lr, batch and seed of the run). */
    static void trainingCurves(MetricsTable table, Path png, String title) {
        double[] epoch = table.column("epoch");
        List<LinePlot> panels = new java.util.ArrayList<>();
        LinePlot.Builder loss = LinePlot.builder().title("loss").xLabel("epoch").yLabel("cross-entropy").integerX(true)
                .add(Series.of("train loss", epoch, table.column("train_loss")))
                .add(Series.of("test loss", epoch, table.column("test_loss")));
        LinePlot.Builder accuracy = LinePlot.builder().title("accuracy").xLabel("epoch").yLabel("accuracy").integerX(true);
        if (table.hasColumn("validation_loss") && anyFinite(table.column("validation_loss"))) {
            loss.add(Series.of("validation loss", epoch, table.column("validation_loss")).withColor(0x9467BD));
            accuracy.add(Series.of("validation accuracy", epoch, table.column("validation_accuracy")).withColor(0x9467BD));
        }
        accuracy.add(Series.of("test accuracy", epoch, table.column("test_accuracy")).withColor(0x2CA02C));
        panels.add(loss.build());
        panels.add(accuracy.build());
        // The schedule's quantities, each only where it changes during the run.
        String[][] schedule = {{"lr", "learning rate", "lr"}, {"batch_size", "batch size", "examples"}, {"momentum", "momentum", "momentum"}};
        for (String[] q : schedule) {
            if (table.hasColumn(q[0]) && varies(table.column(q[0]))) {
                panels.add(LinePlot.builder().title(q[1]).xLabel("epoch").yLabel(q[2]).integerX(true).logY(q[0].equals("lr") && positive(table.column(q[0])))
                        .add(Series.of(q[1], epoch, table.column(q[0])).withColor(0x7F7F7F)).build());
            }
        }
        if (table.hasColumn("sharpness") && anyFinite(table.column("sharpness"))) {
            // λ_max against the stability bound (2 / lr, or (2 + 2β) / lr with momentum): the edge-of-stability picture
            double[] allLambda = table.column("sharpness");
            double[] allRatio = table.column("stability_ratio");
            double[] allBound = new double[allLambda.length];
            for (int i = 0; i < allBound.length; i++) {
                allBound[i] = allLambda[i] / allRatio[i];
            }
            double[][] m = measured(allLambda, epoch, allLambda, allBound);
            boolean positive = java.util.Arrays.stream(m[1]).allMatch(v -> v > 0) && java.util.Arrays.stream(m[2]).allMatch(v -> v > 0);
            panels.add(LinePlot.builder().title("sharpness").xLabel("epoch").yLabel("top Hessian eigenvalue").integerX(true).logY(positive)
                    .add(Series.of("sharpness", m[0], m[1]).withColor(0xD62728))
                    .add(Series.of("stability bound", m[0], m[2]).withColor(0x7F7F7F)).build());
        }
        if (table.hasColumn("noise_scale") && anyFinite(table.column("noise_scale"))) {
            // the simple noise scale B_simple against the batch size: below it, a step is mostly noise (McCandlish et al. 2018)
            double[] allScale = table.column("noise_scale");
            double[][] m = measured(allScale, epoch, allScale, table.column("batch_size"));
            boolean positive = java.util.Arrays.stream(m[1]).allMatch(v -> v > 0);
            panels.add(LinePlot.builder().title("gradient noise").xLabel("epoch").yLabel("examples").integerX(true).logY(positive)
                    .add(Series.of("noise scale B_simple", m[0], m[1]).withColor(0x9467BD))
                    .add(Series.of("batch size", m[0], m[2]).withColor(0x7F7F7F)).build());
        }
        Figure.of(500 * panels.size(), 420, panels).withTitle(title).writePngAndSvg(png);
        diagnostics(table, png.resolveSibling(DIAGNOSTICS));
    }

    /**
     * The columns at the epochs where {@code measuredAt} is finite: a diagnostic taken every K > 1
     * epochs is NaN in between, and its lines should join the measured epochs, not break into dots.
     */
    private static double[][] measured(double[] measuredAt, double[]... columns) {
        int[] at = java.util.stream.IntStream.range(0, measuredAt.length).filter(i -> Double.isFinite(measuredAt[i])).toArray();
        double[][] out = new double[columns.length][at.length];
        for (int c = 0; c < columns.length; c++) {
            for (int k = 0; k < at.length; k++) {
                out[c][k] = columns[c][at[k]];
            }
        }
        return out;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the finite values differ (by more than rounding). */
    static boolean varies(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return hi > lo && hi - lo > 1e-12 * Math.max(Math.abs(hi), Math.abs(lo));
    }

    private static boolean positive(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x) && x <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Columns {@code layerN_NAME}: one panel per NAME (the learning rate on a log scale), one line per layer. */
    static void diagnostics(MetricsTable table, Path png) {
        TreeSet<Integer> layers = new TreeSet<>();
        List<String> names = new java.util.ArrayList<>();
        for (String c : table.columns()) {
            Matcher m = LAYER_COLUMN.matcher(c);
            if (m.matches()) {
                layers.add(Integer.parseInt(m.group(1)));
                if (!names.contains(m.group(2))) {
                    names.add(m.group(2));
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        double[] epoch = table.column("epoch");
        List<LinePlot> panels = new java.util.ArrayList<>();
        for (String name : names) {
            LinePlot.Builder panel = LinePlot.builder().title(name.replace('_', ' ')).xLabel("epoch").yLabel(name.replace('_', ' '))
                    .logY(name.endsWith("lr")).integerX(true);
            for (int layer : layers) {
                String column = "layer" + layer + "_" + name;
                if (table.hasColumn(column)) {
                    panel.add(Series.of("layer " + layer, epoch, table.column(column)));
                }
            }
            panels.add(panel.build());
        }
        Figure.of(Math.max(500, 380 * panels.size()), 380, panels).writePngAndSvg(png);
    }
}
