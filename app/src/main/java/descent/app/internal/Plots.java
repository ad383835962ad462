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
 * The plots of a training run: losses and test accuracy per epoch ({@code plot.png}) and, for a
 * trainer that reports per-layer diagnostics, one panel per diagnostic with a line per layer
 * ({@code diagnostics.png}).
 */
final class Plots {

    static final String DIAGNOSTICS = "diagnostics.png";
    private static final Pattern LAYER_COLUMN = Pattern.compile("layer(\\d+)_(.+)");

    private Plots() {
    }

    static void trainingCurves(MetricsTable table, Path png) {
        double[] epoch = table.column("epoch");
        LinePlot loss = LinePlot.builder().title("loss").xLabel("epoch").yLabel("cross-entropy")
                .add(Series.of("train loss", epoch, table.column("train_loss")))
                .add(Series.of("test loss", epoch, table.column("test_loss")))
                .build();
        LinePlot accuracy = LinePlot.builder().title("test accuracy").xLabel("epoch").yLabel("accuracy")
                .add(Series.of("test accuracy", epoch, table.column("test_accuracy")).withColor(0x2CA02C))
                .build();
        Figure.of(1000, 420, loss, accuracy).writePng(png);
        diagnostics(table, png.resolveSibling(DIAGNOSTICS));
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
                    .logY(name.endsWith("lr"));
            for (int layer : layers) {
                String column = "layer" + layer + "_" + name;
                if (table.hasColumn(column)) {
                    panel.add(Series.of("layer " + layer, epoch, table.column(column)));
                }
            }
            panels.add(panel.build());
        }
        Figure.of(Math.max(500, 380 * panels.size()), 380, panels).writePng(png);
    }
}
