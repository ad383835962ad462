package descent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.app.DescentProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run, a resumed run and a compare give the metrics that the build before the command-line rewrite
 * (picocli, commit a4b0eba) gave for the same commands: the files under {@code pinned/} were written by
 * that build with {@code OPENBLAS_CORETYPE=Haswell}, and hold every column but the epoch's seconds.
 *
 * <p>OpenBLAS is pinned to its Haswell kernels so that the digits do not depend on whether the machine
 * has AVX-512; a loss may still differ in its last digits under other kernels, hence the relative
 * tolerance of 1e-9 (a change in what the options mean moves a loss by far more).
 */
class PinnedMetricsIntegrationTests {

    private static final Map<String, String> HASWELL = Map.of("OPENBLAS_CORETYPE", "Haswell");

    @TempDir
    Path work;

    private static boolean hasAvx2() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains(" avx2");
    }

    private static List<String> pinned(String name) throws IOException {
        try (InputStream in = PinnedMetricsIntegrationTests.class.getResourceAsStream("/pinned/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The file's rows with only its first {@code columns} columns. */
    private static List<String> rows(Path csv, int columns) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, columns))).toList();
    }

    private static void assertSameMetrics(List<String> actual, List<String> expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        assertThat(actual.get(0)).as(what + " header").isEqualTo(expected.get(0));
        for (int r = 1; r < expected.size(); r++) {
            String[] a = actual.get(r).split(",");
            String[] e = expected.get(r).split(",");
            assertThat(a).as(what + " row " + r).hasSameSizeAs(e);
            for (int c = 0; c < e.length; c++) {
                if (e[c].equals(a[c])) {
                    continue;
                }
                double x = Double.parseDouble(a[c]);
                double y = Double.parseDouble(e[c]);
                assertThat(Math.abs(x - y)).as("%s row %d column %d: %s, pinned %s", what, r, c + 1, a[c], e[c])
                        .isLessThanOrEqualTo(1e-9 * Math.abs(y));
            }
        }
    }

    private Result descent(String... args) {
        Result r = DescentProcess.run(HASWELL, work, args);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    private static final String[] TRAIN = {"--dataset", "rings", "--hidden", "16,16", "--optimizer", "momentum", "--momentum", "0.9",
        "--lr", "0.05", "--batch-size", "32", "--seed", "3"};

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aRunAndAResumedRunGiveThePinnedMetrics() throws IOException {
        assumeTrue(hasAvx2(), "OpenBLAS's Haswell kernels need AVX2");
        descent(with(with(new String[] {"train"}, TRAIN), "--epochs", "4", "--out", work.resolve("train").toString()));
        assertSameMetrics(rows(work.resolve("train/metrics.csv"), 8), pinned("train.csv"), "train");

        descent(with(with(new String[] {"train"}, TRAIN), "--epochs", "2", "--out", work.resolve("resumed").toString()));
        descent("train", "--resume", work.resolve("resumed").toString(), "--epochs", "4");
        assertSameMetrics(rows(work.resolve("resumed/metrics.csv"), 8), pinned("train.csv"), "resumed");
    }

    @Test
    void aCompareGivesThePinnedMetricsPerRunAndInItsSummary() throws IOException {
        assumeTrue(hasAvx2(), "OpenBLAS's Haswell kernels need AVX2");
        Path out = work.resolve("cmp");
        descent("compare", "--optimizers", "sgd,adam", "--dataset", "rings", "--hidden", "16,16", "--lr", "0.01", "--epochs", "3",
                "--inits", "2", "--out", out.toString());
        for (String arm : List.of("sgd", "adam")) {
            for (int i = 0; i < 2; i++) {
                assertSameMetrics(rows(out.resolve(arm + "/init-" + i + "/metrics.csv"), 8), pinned("compare-" + arm + "-init-" + i + ".csv"),
                        arm + " init " + i);
            }
        }
        assertSameMetrics(rows(out.resolve("summary.csv"), 11), pinned("compare-summary.csv"), "summary");
    }
}
