package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
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

/** Mean and standard deviation over initialisations, checked against values worked out by hand. */
class ComparisonTests {

    @TempDir
    Path dir;

    /** A metrics.csv with rows {train_loss, test_loss, test_accuracy, gradient_evaluations, epoch_seconds} per epoch. */
    private MetricsTable table(String name, double[]... rows) {
        MetricsTable t = MetricsTable.create(dir.resolve(name + ".csv"),
                List.of("epoch", "train_loss", "test_loss", "test_accuracy", "lr", "gradient_evaluations", "epoch_seconds"));
        for (int e = 0; e < rows.length; e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e + 1);
            row.put("train_loss", rows[e][0]);
            row.put("test_loss", rows[e][1]);
            row.put("test_accuracy", rows[e][2]);
            row.put("lr", 0.1);
            row.put("gradient_evaluations", (long) rows[e][3]);
            row.put("epoch_seconds", rows[e][4]);
            t.append(row);
        }
        return t;
    }

    private Comparison twoArms() {
        MetricsTable a1 = table("a1", new double[] {1.0, 2.0, 0.5, 10, 1.0}, new double[] {0.5, 1.5, 0.7, 20, 2.0});
        MetricsTable a2 = table("a2", new double[] {3.0, 4.0, 0.7, 10, 3.0}, new double[] {1.5, 2.5, 0.6, 20, 4.0});
        MetricsTable b1 = table("b1", new double[] {1.0, 1.0, 0.9, 40, 1.0}, new double[] {1, 1, 1, 80, 1}, new double[] {9, 9, 0, 120, 9});
        MetricsTable b2 = table("b2", new double[] {2.0, 1.0, 0.9, 40, 1.0}, new double[] {1, 1, 1, 80, 1});
        MetricsTable b3 = table("b3", new double[] {4.0, 1.0, 0.9, 40, 1.0}, new double[] {1, 1, 1, 80, 1});
        return Comparison.of(List.of(new Comparison.Arm("a", List.of(a1, a2)), new Comparison.Arm("b", List.of(b1, b2, b3))), 2);
    }

    @Test
    void pairsRunsByInitialisationNotByPositionAndGivesAStudentInterval() throws IOException {
        // arm a has inits 0, 1, 2; arm b lost init 1 (diverged) and lists 2 before 0
        MetricsTable a0 = table("p-a0", new double[] {1.0, 2.0, 0.5, 10, 1});
        MetricsTable a1 = table("p-a1", new double[] {1.0, 9.0, 0.5, 10, 1});
        MetricsTable a2 = table("p-a2", new double[] {1.0, 3.5, 0.5, 10, 1});
        MetricsTable b2 = table("p-b2", new double[] {1.0, 3.0, 0.4, 10, 1});
        MetricsTable b0 = table("p-b0", new double[] {1.0, 1.0, 0.4, 10, 1});
        Comparison c = Comparison.of(List.of(new Comparison.Arm("a", List.of(a0, a1, a2), List.of(0, 1, 2)),
                new Comparison.Arm("b", List.of(b2, b0), List.of(2, 0))), 1);
        Comparison.Paired p = c.paired("a", "b", "test_loss", 1);
        // differences: init 0: 2 - 1 = 1, init 2: 3.5 - 3 = 0.5; mean 0.75, sd sqrt(0.125), t(0.975, 1) = 12.7062
        assertThat(p.n()).isEqualTo(2);
        assertThat(p.mean()).isCloseTo(0.75, within(1e-12));
        assertThat(p.sd()).isCloseTo(Math.sqrt(0.125), within(1e-12));
        double half = 12.706204736 * Math.sqrt(0.125) / Math.sqrt(2);
        assertThat(p.low()).isCloseTo(0.75 - half, within(1e-8));
        assertThat(p.high()).isCloseTo(0.75 + half, within(1e-8));
        assertThat(p.negative()).isZero();
        assertThat(c.paired("b", "a", "test_loss", 1).negative()).isEqualTo(2);

        Path md = dir.resolve("paired.md");
        c.writeMarkdown(md, "t", List.of(), "b");
        assertThat(Files.readString(md)).contains("the baseline, **b**", "| a | test loss | 2 | +0.7500 ± 0.3536 |");
        assertThatThrownBy(() -> c.writeMarkdown(md, "t", List.of(), "zzz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison.Arm("x", List.of(a0, a1), List.of(0, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanAndSampleStandardDeviationPerEpochAndArm() {
        Comparison c = twoArms();
        assertThat(c.labels()).containsExactly("a", "b");
        Comparison.Stat trainA1 = c.stat("a", "train_loss", 1);
        assertThat(trainA1.mean()).isEqualTo(2.0);
        assertThat(trainA1.sd()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(trainA1.n()).isEqualTo(2);
        assertThat(c.stat("a", "train_loss", 2).sd()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(c.stat("a", "test_accuracy", 2).mean()).isCloseTo(0.65, within(1e-12));
        assertThat(c.stat("a", "test_accuracy", 2).sd()).isCloseTo(Math.sqrt(0.005), within(1e-12));
        // (1, 2, 4): mean 7/3, squared deviations 16/9 + 1/9 + 25/9 = 42/9, over n - 1 = 2
        assertThat(c.stat("b", "train_loss", 1).mean()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(c.stat("b", "train_loss", 1).sd()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
        assertThat(c.stat("b", "gradient_evaluations", 2).mean()).isEqualTo(80.0);
        assertThat(c.stat("b", "gradient_evaluations", 2).sd()).isEqualTo(0.0);
        // b1's third row lies past the compared epochs and is ignored
        assertThat(c.stat("b", "test_accuracy", 2).mean()).isEqualTo(1.0);
    }

    @Test
    void bestTestAccuracyAndSecondsPerEpochArePerRunThenAcrossRuns() {
        Comparison c = twoArms();
        assertThat(c.bestTestAccuracy("a").mean()).isCloseTo(0.7, within(1e-12));
        assertThat(c.bestTestAccuracy("a").sd()).isCloseTo(0.0, within(1e-12));
        // a1: (1 + 2) / 2 = 1.5 s per epoch, a2: 3.5
        assertThat(c.secondsPerEpoch("a").mean()).isCloseTo(2.5, within(1e-12));
        assertThat(c.secondsPerEpoch("a").sd()).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void aSingleInitialisationHasNoStandardDeviation() throws IOException {
        Comparison c = Comparison.of(List.of(new Comparison.Arm("solo", List.of(table("s", new double[] {1, 2, 0.5, 10, 1})))), 1);
        assertThat(c.stat("solo", "train_loss", 1).sd()).isNaN();
        c.writeCsv(dir.resolve("summary.csv"));
        assertThat(Files.readAllLines(dir.resolve("summary.csv")).get(1)).startsWith("solo,1,1,1.0,,2.0,,0.5,,");
        c.writeMarkdown(dir.resolve("summary.md"), "solo", List.of());
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| solo | 1 | 1.0000 | 2.0000 | 0.5000 |").doesNotContain("±");
        assertThat(c.writePlots(dir)).allSatisfy(p -> assertThat(p).isNotEmptyFile());
    }

    @Test
    void writesTheLongCsvAndTheMarkdownTableOfTheLastEpoch() throws IOException {
        Comparison c = twoArms();
        Path csv = dir.resolve("summary.csv");
        c.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("arm,epoch,inits,train_loss_mean,train_loss_sd,test_loss_mean,test_loss_sd,"
                + "test_accuracy_mean,test_accuracy_sd,gradient_evaluations_mean,gradient_evaluations_sd,epoch_seconds_mean,epoch_seconds_sd");
        assertThat(lines).hasSize(1 + 2 * 2);
        MetricsTable back = MetricsTable.read(csv);
        assertThat(back.rows().get(1).get("arm")).isEqualTo("a");
        assertThat(back.rows().get(1).number("train_loss_mean")).isEqualTo(1.0);
        assertThat(back.rows().get(1).number("train_loss_sd")).isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(back.rows().get(2).get("inits")).isEqualTo("3");

        Path md = dir.resolve("summary.md");
        c.writeMarkdown(md, "a against b", List.of("2 epochs."));
        String text = Files.readString(md);
        assertThat(text).startsWith("# a against b\n\n2 epochs.\n\n");
        assertThat(text).contains("| arm | inits | train loss | test loss | test accuracy | best test accuracy | gradient evaluations | seconds / epoch |");
        assertThat(text).contains("| a | 2 | 1.0000 ± 0.7071 | 2.0000 ± 0.7071 | 0.6500 ± 0.0707 | 0.7000 ± 0.0000 | 20 ± 0 | 2.50 ± 1.41 |");
        assertThat(text).contains("| b | 3 | 1.0000 ± 0.0000 |");
    }

    @Test
    void writesOnePngPerMetricWithTwoPanelsForTheLearningCurves() throws IOException {
        List<Path> files = twoArms().writePlots(dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("train_loss.png", "test_loss.png",
                "test_accuracy.png", "gradient_evaluations.png", "epoch_seconds.png");
        BufferedImage loss = ImageIO.read(files.get(0).toFile());
        BufferedImage seconds = ImageIO.read(files.get(4).toFile());
        assertThat(loss.getWidth()).isEqualTo(2 * seconds.getWidth());
        assertThat(loss.getHeight()).isEqualTo(440);
    }

    @Test
    void aRunMissingAnEpochIsNamed() {
        MetricsTable full = table("full", new double[] {1, 1, 1, 1, 1}, new double[] {1, 1, 1, 2, 1});
        MetricsTable cut = table("cut", new double[] {1, 1, 1, 1, 1});
        assertThatThrownBy(() -> Comparison.of(List.of(new Comparison.Arm("x", List.of(full, cut))), 2))
                .isInstanceOf(DescentException.class).hasMessageContaining("cut.csv").hasMessageContaining("no row for epoch 2 of 2");
    }
}
