package descent.app.internal;

import descent.engine.report.Figure;
import descent.engine.report.LinePlot;
import descent.engine.report.MetricsTable;
import descent.engine.report.Series;
import java.nio.file.Path;

/** The plot of a training run: losses on the left, test accuracy on the right, per epoch. */
final class Plots {

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
    }
}
