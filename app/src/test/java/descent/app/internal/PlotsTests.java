package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import descent.engine.report.MetricsTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
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
}
