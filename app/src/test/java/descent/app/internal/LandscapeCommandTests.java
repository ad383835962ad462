package descent.app.internal;

import static descent.app.internal.CompareCommandTests.descent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.app.internal.CompareCommandTests.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code descent landscape}: its ends are the runs' own losses, a convex model has no barrier, the directions are filter-normalised. */
class LandscapeCommandTests {

    @TempDir
    Path work;

    private static final String[] DATA = {"--dataset", "rings", "--samples", "300", "--test-samples", "200", "--batch-size", "20", "--seed", "5",
        "--epochs", "3"};

    private Path train(String name, String... more) {
        String[] argv = new String[1 + DATA.length + more.length + 2];
        argv[0] = "train";
        System.arraycopy(DATA, 0, argv, 1, DATA.length);
        System.arraycopy(more, 0, argv, 1 + DATA.length, more.length);
        argv[argv.length - 2] = "--out";
        argv[argv.length - 1] = work.resolve(name).toString();
        Result r = descent(argv);
        assertThat(r.status()).as(r.err()).isZero();
        return work.resolve(name);
    }

    private static List<double[]> csv(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toList();
    }

    private static double lastTestLoss(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        return Double.parseDouble(lines.get(lines.size() - 1).split(",")[header.indexOf("test_loss")]);
    }

    @Test
    void theLineBetweenTwoOptimizersFromOneInitialisationEndsAtEachRunsOwnTestLoss() throws IOException {
        Path sgd = train("sgd", "--hidden", "8", "--optimizer", "sgd", "--lr", "0.1");
        Path adam = train("adam", "--hidden", "8", "--optimizer", "adam", "--lr", "0.01");
        Path out = work.resolve("line");
        Result r = descent("landscape", sgd.toString(), adam.toString(), "--points", "11", "--margin", "0", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("barrier");
        List<double[]> rows = csv(out.resolve("interpolation.csv"));
        assertThat(rows).hasSize(11);
        assertThat(rows.get(0)[0]).isZero();
        assertThat(rows.get(10)[0]).isEqualTo(1.0);
        // the engine's evaluation at the end of each run, in float: the same loss to float rounding
        assertThat(rows.get(0)[3]).isCloseTo(lastTestLoss(sgd), within(1e-5));
        assertThat(rows.get(10)[3]).isCloseTo(lastTestLoss(adam), within(1e-5));
        assertThat(out.resolve("interpolation.png")).isNotEmptyFile();
        assertThat(out.resolve("interpolation.svg")).isNotEmptyFile();
    }

    @Test
    void softmaxRegressionIsConvexSoTheLineHasNoBarrierAndTheSliceNoDip() throws IOException {
        Path a = train("a", "--hidden", "", "--optimizer", "sgd", "--lr", "0.5");
        Path b = train("b", "--hidden", "", "--optimizer", "momentum", "--lr", "0.1");
        Path line = work.resolve("line");
        Result r = descent("landscape", a.toString(), b.toString(), "--points", "31", "--out", line.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<double[]> rows = csv(line.resolve("interpolation.csv"));
        double[] alpha = rows.stream().mapToDouble(v -> v[0]).toArray();
        for (int column : new int[] {1, 3}) {
            double[] loss = rows.stream().mapToDouble(v -> v[column]).toArray();
            int at0 = indexOf(alpha, 0);
            int at1 = indexOf(alpha, 1);
            assertThat(LandscapeCommand.barrier(alpha, loss, loss[at0], loss[at1])).as("column %d", column).isLessThan(1e-6);
            assertThat(java.util.Arrays.stream(secondDifferences(loss)).boxed().toList()).as("convex along the line").allMatch(d -> d > -1e-6);
        }
        Path slice = work.resolve("slice");
        Result s = descent("landscape", a.toString(), "--points", "15", "--range", "2", "--out", slice.toString());
        assertThat(s.status()).as(s.err()).isZero();
        double[] loss = csv(slice.resolve("slice-1d.csv")).stream().mapToDouble(v -> v[1]).toArray();
        assertThat(java.util.Arrays.stream(secondDifferences(loss)).boxed().toList()).as("convex along any direction").allMatch(d -> d > -1e-6);
    }

    @Test
    void aTwoDimensionalSliceHasTheRunAtItsCentre() throws IOException {
        Path a = train("a", "--hidden", "8", "--optimizer", "sgd", "--lr", "0.1");
        Path slice = work.resolve("slice");
        Result s = descent("landscape", a.toString(), "--dims", "2", "--points", "5", "--out", slice.toString());
        assertThat(s.status()).as(s.err()).isZero();
        List<double[]> rows = csv(slice.resolve("slice-2d.csv"));
        assertThat(rows).hasSize(25);
        double[] centre = rows.get(12);
        assertThat(centre[0]).isZero();
        assertThat(centre[1]).isZero();
        assertThat(centre[4]).isCloseTo(lastTestLoss(a), within(1e-5));
        assertThat(slice.resolve("slice-2d.png")).isNotEmptyFile();
    }

    @Test
    void everyFilterOfTheDirectionHasItsFiltersNormAndBiasesAreZero() throws IOException {
        Path a = train("a", "--hidden", "8,6", "--optimizer", "sgd", "--lr", "0.1");
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(a.resolve("model.zip").toFile(), false);
        INDArray theta = net.params().dup();
        INDArray d = LandscapeCommand.filterNormalized(net, theta, 3);
        assertThat(net.params()).as("the network is not changed").isEqualTo(theta);
        MultiLayerNetwork view = net.clone();
        view.setParams(d);
        Map<String, INDArray> dir = view.paramTable();
        Map<String, INDArray> w = net.paramTable();
        int weights = 0;
        for (String key : dir.keySet()) {
            if (key.endsWith("_b")) {
                assertThat(dir.get(key).norm2Number().doubleValue()).as(key).isZero();
                continue;
            }
            weights++;
            for (long j = 0; j < dir.get(key).size(1); j++) {
                double dn = dir.get(key).getColumn(j).norm2Number().doubleValue();
                double wn = w.get(key).getColumn(j).norm2Number().doubleValue();
                assertThat(dn).as("%s column %d", key, j).isCloseTo(wn, within(1e-5 * wn));
            }
        }
        assertThat(weights).isEqualTo(3);
        assertThat(LandscapeCommand.filterNormalized(net, theta, 3)).isEqualTo(d);
        assertThat(LandscapeCommand.filterNormalized(net, theta, 4)).isNotEqualTo(d);
    }

    @Test
    void aFolderWithoutAFinishedRunOrTwoDifferentNetworksAreOneLineEach() throws IOException {
        Path a = train("a", "--hidden", "8", "--optimizer", "sgd", "--lr", "0.1");
        Path b = train("b", "--hidden", "5", "--optimizer", "sgd", "--lr", "0.1");
        Result different = descent("landscape", a.toString(), b.toString(), "--out", work.resolve("x").toString());
        assertThat(different.status()).isEqualTo(2);
        assertThat(different.err().strip()).contains("train different networks").doesNotContain("\n");
        Files.createDirectories(work.resolve("empty"));
        Result none = descent("landscape", work.resolve("empty").toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err().strip()).contains("holds no run.json").doesNotContain("\n");
        Files.delete(a.resolve("model.zip"));
        Result unfinished = descent("landscape", a.toString());
        assertThat(unfinished.status()).isEqualTo(2);
        assertThat(unfinished.err().strip()).contains("holds no model.zip").doesNotContain("\n");
        Result three = descent("landscape", a.toString(), b.toString(), a.toString());
        assertThat(three.status()).isEqualTo(2);
        assertThat(three.err().strip()).contains("takes one run folder");
    }

    private static int indexOf(double[] a, double v) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - v) < 1e-12) {
                return i;
            }
        }
        throw new AssertionError(v + " not on the grid");
    }

    private static double[] secondDifferences(double[] v) {
        double[] d = new double[v.length - 2];
        for (int i = 1; i < v.length - 1; i++) {
            d[i - 1] = v[i - 1] - 2 * v[i] + v[i + 1];
        }
        return d;
    }
}
