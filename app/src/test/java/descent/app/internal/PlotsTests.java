package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import descent.engine.report.MetricsTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTests {

    private static MetricsTable table(Path dir, boolean diagnostics) {
        MetricsTable t = null;
        for (int e = 1; e <= 3; e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e);
            row.put("train_loss", 1.0 / e);
            row.put("test_loss", 1.1 / e);
            row.put("test_accuracy", 0.5 + 0.1 * e);
            if (diagnostics) {
                row.put("layer1_lr", 1e-3 * e);
                row.put("layer1_angle", 80.0);
                row.put("layer2_lr", 1e-1);
                row.put("layer2_angle", 0.0);
            }
            if (t == null) {
                t = MetricsTable.create(dir.resolve("metrics.csv"), List.copyOf(row.keySet()));
            }
            t.append(row);
        }
        return t;
    }

    @Test
    void drawsOnePanelPerDiagnosticForATrainerRun(@TempDir Path dir) throws IOException {
        Plots.trainingCurves(table(dir, true), dir.resolve("plot.png"));
        assertThat(dir.resolve("plot.png")).isNotEmptyFile();
        BufferedImage diagnostics = ImageIO.read(dir.resolve(Plots.DIAGNOSTICS).toFile());
        assertThat(diagnostics.getWidth()).isEqualTo(2 * 380);
    }

    @Test
    void drawsNoDiagnosticsForAnOptimizerRun(@TempDir Path dir) {
        Plots.trainingCurves(table(dir, false), dir.resolve("plot.png"));
        assertThat(dir.resolve("plot.png")).isNotEmptyFile();
        assertThat(dir.resolve(Plots.DIAGNOSTICS)).doesNotExist();
    }

    private static MetricsTable schedule(Path dir, double[] lr, double[] batch) {
        MetricsTable t = null;
        for (int e = 1; e <= lr.length; e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e);
            row.put("train_loss", 1.0 / e);
            row.put("test_loss", 1.1 / e);
            row.put("test_accuracy", 0.5 + 0.1 * e);
            row.put("lr", lr[e - 1]);
            row.put("momentum", Double.NaN);
            row.put("batch_size", batch[e - 1]);
            if (t == null) {
                t = MetricsTable.create(dir.resolve("metrics.csv"), List.copyOf(row.keySet()));
            }
            t.append(row);
        }
        return t;
    }

    @Test
    void theLearningRateAndBatchSizeGetAPanelOnlyWhereTheyChange(@TempDir Path dir) throws IOException {
        Path constant = dir.resolve("constant");
        Files.createDirectories(constant);
        Plots.trainingCurves(schedule(constant, new double[] {0.1, 0.1, 0.1}, new double[] {64, 64, 64}), constant.resolve("plot.png"), "sgd");
        assertThat(ImageIO.read(constant.resolve("plot.png").toFile()).getWidth()).as("loss and accuracy").isEqualTo(1000);

        Path lr = dir.resolve("lr");
        Files.createDirectories(lr);
        Plots.trainingCurves(schedule(lr, new double[] {0.1, 0.05, 0.01}, new double[] {64, 64, 64}), lr.resolve("plot.png"), "sgd");
        assertThat(ImageIO.read(lr.resolve("plot.png").toFile()).getWidth()).as("and the learning rate").isEqualTo(1500);

        Path both = dir.resolve("both");
        Files.createDirectories(both);
        Plots.trainingCurves(schedule(both, new double[] {0.1, 0.05, 0.01}, new double[] {64, 128, 256}), both.resolve("plot.png"), "sgd");
        assertThat(ImageIO.read(both.resolve("plot.png").toFile()).getWidth()).as("and the batch size").isEqualTo(2000);
        assertThat(Files.readString(both.resolve("plot.svg"))).contains(">batch size<").contains(">learning rate<");
    }

    @Test
    void everyPlotHasAnSvgBesideItWithTheRunsTitle(@TempDir Path dir) throws Exception {
        Plots.trainingCurves(table(dir, true), dir.resolve("plot.png"), "sgd, lr 0.1, batch 64, seed 3");
        for (String name : new String[] {"plot.svg", "diagnostics.svg"}) {
            Path svg = dir.resolve(name);
            assertThat(svg).isNotEmptyFile();
            var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var doc = factory.newDocumentBuilder().parse(svg.toFile());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(doc.getElementsByTagName("text").getLength()).as(name + " draws its text as text").isGreaterThan(10);
        }
        assertThat(Files.readString(dir.resolve("plot.svg"))).contains(">sgd, lr 0.1, batch 64, seed 3<");
    }
}
