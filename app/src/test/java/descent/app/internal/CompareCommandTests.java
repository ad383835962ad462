package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.app.Main;
import descent.engine.report.MetricsTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent compare}, run in-process on a small synthetic data set with built-in optimizers. */
class CompareCommandTests {

    @TempDir
    Path work;

    /** What a command printed and returned. */
    record Result(int status, String out, String err) {
    }

    static Result descent(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String[] SMALL = {"--dataset", "xor", "--samples", "200", "--test-samples", "100", "--hidden", "8",
        "--lr", "0.1", "--batch-size", "20"};

    private Result compare(Path out, String optimizers, int inits, int epochs, String... more) {
        List<String> argv = new ArrayList<>(List.of("compare", "--optimizers", optimizers, "--inits", Integer.toString(inits),
                "--epochs", Integer.toString(epochs), "--out", out.toString()));
        argv.addAll(List.of(SMALL));
        argv.addAll(List.of(more));
        Result r = descent(argv.toArray(String[]::new));
        assertThat(r.status()).as(r.err() + r.out()).isZero();
        return r;
    }

    private static List<String> rows(Path metrics) throws IOException {
        // without the last column, epoch_seconds, which is wall time
        return Files.readAllLines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void everyArmOfOneInitStartsFromTheSameWeightsOnTheSameData() throws IOException {
        Path out = work.resolve("same");
        compare(out, "sgd,sgd,adam@1", 2, 2);
        // "sgd" and "sgd then adam from epoch 1" agree on epoch 1 only if weights and order were the same
        for (int init = 0; init < 2; init++) {
            List<String> a = rows(out.resolve("sgd/init-" + init + "/metrics.csv"));
            List<String> b = rows(out.resolve("sgd+adam@1/init-" + init + "/metrics.csv"));
            assertThat(b.get(1)).isEqualTo(a.get(1));
            assertThat(b.get(2)).isNotEqualTo(a.get(2));
        }
        // while the two inits differ
        assertThat(rows(out.resolve("sgd/init-1/metrics.csv")).get(1)).isNotEqualTo(rows(out.resolve("sgd/init-0/metrics.csv")).get(1));
        assertThat(Files.readString(out.resolve("sgd/init-1/run.json"))).contains("\"seed\": \"2\"");
    }

    @Test
    void summarisesMeanAndSdOverInitsAndDrawsEveryMetric() throws IOException {
        Path out = work.resolve("sum");
        Result r = compare(out, "sgd;momentum", 2, 2, "--momentum", "0.5");
        assertThat(r.out()).contains("[1/4 sgd, init 1/2] epoch 1/2", "[4/4 momentum, init 2/2] epoch 2/2", "compare: wrote");

        MetricsTable summary = MetricsTable.read(out.resolve("summary.csv"));
        assertThat(summary.size()).isEqualTo(4);
        MetricsTable.Row row = summary.rows().get(3);
        assertThat(row.get("arm")).isEqualTo("momentum");
        double[] losses = new double[2];
        for (int i = 0; i < 2; i++) {
            losses[i] = MetricsTable.read(out.resolve("momentum/init-" + i + "/metrics.csv")).rows().get(1).number("test_loss");
        }
        assertThat(row.number("test_loss_mean")).isCloseTo((losses[0] + losses[1]) / 2, within(1e-12));
        assertThat(row.number("test_loss_sd")).isCloseTo(Math.abs(losses[0] - losses[1]) / Math.sqrt(2), within(1e-12));
        assertThat(Files.readString(out.resolve("momentum/init-0/run.json"))).contains("\"momentum\": \"0.5\"");

        for (String png : List.of("train_loss", "test_loss", "test_accuracy", "gradient_evaluations", "epoch_seconds")) {
            assertThat(out.resolve(png + ".png")).isNotEmptyFile();
        }
        String md = Files.readString(out.resolve("summary.md"));
        assertThat(md).contains("| sgd | 2 |", "| momentum | 2 |", "seeds 1 to 2");
        assertThat(out.resolve("compare.json")).isNotEmptyFile();
    }

    @Test
    void resumesAnInterruptedComparisonSkippingFinishedRuns() throws IOException {
        Path straight = work.resolve("straight");
        compare(straight, "sgd,momentum", 2, 3);

        Path split = work.resolve("split");
        compare(split, "sgd,momentum", 1, 2);
        byte[] finished = Files.readAllBytes(split.resolve("sgd/init-0/metrics.csv"));
        // more inits: the run of init 0 is left alone
        Result more = compare(split, "sgd,momentum", 2, 2);
        assertThat(more.out()).contains("2 done, 0 to resume, 2 to train").contains("[1/4 sgd, init 1/2] done already");
        assertThat(Files.readAllBytes(split.resolve("sgd/init-0/metrics.csv"))).isEqualTo(finished);
        // more epochs: every run continues from its checkpoint
        Result longer = compare(split, "sgd,momentum", 2, 3);
        assertThat(longer.out()).contains("0 done, 4 to resume").contains("resuming at epoch 3 of 3");
        // a run whose metrics lost rows it had a checkpoint for is trained again from the start
        Path cut = split.resolve("momentum/init-1/metrics.csv");
        List<String> lines = Files.readAllLines(cut);
        Files.write(cut, lines.subList(0, lines.size() - 2));
        Result repaired = compare(split, "sgd,momentum", 2, 3);
        assertThat(repaired.out()).contains("3 done, 0 to resume, 1 to train").contains("training it again from the start");

        for (String run : List.of("sgd/init-0", "sgd/init-1", "momentum/init-0", "momentum/init-1")) {
            assertThat(rows(split.resolve(run).resolve("metrics.csv"))).as(run)
                    .isEqualTo(rows(straight.resolve(run).resolve("metrics.csv")));
        }
        assertThat(rows(split.resolve("summary.csv")).get(0)).isEqualTo(rows(straight.resolve("summary.csv")).get(0));
        MetricsTable a = MetricsTable.read(split.resolve("summary.csv"));
        MetricsTable b = MetricsTable.read(straight.resolve("summary.csv"));
        assertThat(a.column("train_loss_mean")).containsExactly(b.column("train_loss_mean"));
        assertThat(a.column("test_accuracy_sd")).containsExactly(b.column("test_accuracy_sd"));
    }

    @Test
    void armsSplitOverTwoCommandsGiveTheSameRunsAndTheLastWritesTheSummary() throws IOException {
        Path straight = work.resolve("whole");
        compare(straight, "sgd,momentum", 2, 2);

        Path split = work.resolve("parts");
        Result first = compare(split, "sgd,momentum", 2, 2, "--arms", "momentum");
        assertThat(first.out()).contains("training 2 of the 4 runs", "[2/2 momentum, init 2/2] epoch 2/2",
                "no summary yet: arm sgd still to train");
        assertThat(split.resolve("sgd")).doesNotExist();
        assertThat(split.resolve("summary.csv")).doesNotExist();
        Result second = compare(split, "sgd,momentum", 2, 2, "--arms", " sgd ");
        assertThat(second.out()).contains("[1/2 sgd, init 1/2] epoch 1/2", "compare: wrote").doesNotContain("momentum, init");

        for (String run : List.of("sgd/init-0", "sgd/init-1", "momentum/init-0", "momentum/init-1")) {
            assertThat(rows(split.resolve(run).resolve("metrics.csv"))).as(run)
                    .isEqualTo(rows(straight.resolve(run).resolve("metrics.csv")));
        }
        assertThat(MetricsTable.read(split.resolve("summary.csv")).column("train_loss_mean"))
                .containsExactly(MetricsTable.read(straight.resolve("summary.csv")).column("train_loss_mean"));

        assertError(descent("compare", "--optimizers", "sgd,momentum", "--dataset", "xor", "--arms", "sgd,adam"),
                "--arms names 'adam', which is not an arm of this comparison; its arms: sgd, momentum");
    }

    @Test
    void reportSummarisesTheEpochsEveryRunHasFinishedAndTrainsNothing() throws IOException {
        Path out = work.resolve("report");
        Result none = descent("compare", "--optimizers", "sgd,momentum", "--inits", "1", "--epochs", "3", "--out", out.toString(),
                "--dataset", "xor", "--report");
        assertError(none, "--report: run sgd, init 1 has not finished an epoch yet");

        compare(out, "sgd,momentum", 2, 2);
        byte[] before = Files.readAllBytes(out.resolve("momentum/init-1/metrics.csv"));
        Result r = compare(out, "sgd,momentum", 2, 3, "--report");
        assertThat(r.out()).contains("compare: after epoch 2, mean over 2 inits", "(--report: nothing trains;").doesNotContain("] epoch 3/3");
        assertThat(Files.readAllBytes(out.resolve("momentum/init-1/metrics.csv"))).isEqualTo(before);
        MetricsTable summary = MetricsTable.read(out.resolve("summary.csv"));
        assertThat(summary.size()).isEqualTo(4);
        assertThat(Files.readString(out.resolve("summary.md"))).contains("**Partial**: every run has finished epoch 2 of 3");

        compare(out, "sgd,momentum", 2, 3);
        assertThat(MetricsTable.read(out.resolve("summary.csv")).size()).isEqualTo(6);
        assertThat(Files.readString(out.resolve("summary.md"))).doesNotContain("Partial");
    }

    @Test
    void refusesToMixARunMadeWithOtherSettings() {
        Path out = work.resolve("mixed");
        compare(out, "sgd", 1, 1);
        List<String> argv = new ArrayList<>(List.of("compare", "--optimizers", "sgd", "--inits", "1", "--epochs", "1",
                "--out", out.toString()));
        argv.addAll(List.of(SMALL));
        argv.set(argv.indexOf("0.1"), "0.05");
        Result r = descent(argv.toArray(String[]::new));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).contains("holds a run with --lr 0.1, but this comparison asks for 0.05").doesNotContain("\n");
    }

    @Test
    void runsAPresetFileWhoseArmsHaveTheirOwnSettings() throws IOException {
        Path preset = work.resolve("mine.properties");
        Files.writeString(preset, """
                description = slow against fast heavy ball
                headline = train_loss
                inits = 2
                dataset = xor
                samples = 200
                test-samples = 100
                hidden = 8
                batch-size = 20
                epochs = 2
                arms = slow, fast
                arm.slow.optimizer = momentum
                arm.slow.lr = 0.01
                arm.slow.momentum = 0.5
                arm.fast.optimizer = momentum
                arm.fast.lr = 0.1
                """);
        Path out = work.resolve("preset");
        Result r = descent("compare", "--preset", preset.toString(), "--out", out.toString(), "--inits", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("compare: mine, 2 arms x 1 init");
        String slow = Files.readString(out.resolve("slow/init-0/run.json"));
        String fast = Files.readString(out.resolve("fast/init-0/run.json"));
        assertThat(slow).contains("\"lr\": \"0.01\"", "\"momentum\": \"0.5\"");
        assertThat(fast).contains("\"lr\": \"0.1\"", "\"momentum\": \"0.9\"");
        assertThat(Files.readString(out.resolve("summary.md"))).startsWith("# slow against fast heavy ball")
                .contains("**train loss**", "**slow**: `optimizer momentum`, `--lr 0.01`, `--momentum 0.5`");

        // the command line overrides the preset and its arms
        Result cli = descent("compare", "--preset", preset.toString(), "--out", work.resolve("cli").toString(), "--inits", "1",
                "--momentum", "0.8", "--epochs", "1");
        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(Files.readString(work.resolve("cli/slow/init-0/run.json"))).contains("\"momentum\": \"0.8\"");
    }

    @Test
    void aDivergedRunIsRecordedLeftOutOfTheMeansAndNotTrainedAgain() throws IOException {
        Path preset = work.resolve("wild.properties");
        Files.writeString(preset, """
                description = a sane and a wild learning rate
                inits = 2
                dataset = xor
                samples = 200
                test-samples = 100
                hidden = 8
                batch-size = 20
                epochs = 2
                arms = sane, wild
                arm.sane.optimizer = sgd
                arm.sane.lr = 0.1
                arm.wild.optimizer = sgd
                arm.wild.lr = 1e30
                """);
        Path out = work.resolve("wild");
        Result r = descent("compare", "--preset", preset.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("[2/4 wild, init 1/2] training diverged at epoch 1", "going on with the other runs",
                "every run of arm 'wild' diverged; it is left out of the summary");
        assertThat(out.resolve("wild/init-0/diverged.txt")).content().startsWith("training diverged at epoch 1");
        assertThat(out.resolve("sane/init-1/metrics.csv")).isRegularFile();
        MetricsTable summary = MetricsTable.read(out.resolve("summary.csv"));
        assertThat(summary.rows()).extracting(row -> row.get("arm")).containsOnly("sane");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("Diverged, left out of the means (2 runs)", "wild, init 2");

        Result again = descent("compare", "--preset", preset.toString(), "--out", out.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("[2/4 wild, init 1/2] diverged before: training diverged", "[1/4 sane, init 1/2] done already");
    }

    @Test
    void theSummaryPairsEveryArmWithThePresetsBaselineByInitialisation() throws IOException {
        String text = """
                description = two rates
                baseline = %s
                inits = 2
                dataset = xor
                samples = 200
                test-samples = 100
                hidden = 8
                batch-size = 20
                epochs = 1
                arms = slow, fast
                arm.slow.optimizer = sgd
                arm.slow.lr = 0.01
                arm.fast.optimizer = sgd
                arm.fast.lr = 0.1
                """;
        Path preset = work.resolve("paired.properties");
        Files.writeString(preset, text.formatted("fast"));
        Path out = work.resolve("paired");
        Result r = descent("compare", "--preset", preset.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        MetricsTable summary = MetricsTable.read(out.resolve("summary.csv"));
        double slow = 0;
        double fast = 0;
        for (MetricsTable.Row row : summary.rows()) {
            if (row.get("arm").equals("slow")) {
                slow = row.number("test_loss_mean");
            } else {
                fast = row.number("test_loss_mean");
            }
        }
        String md = Files.readString(out.resolve("summary.md"));
        // the mean of the paired differences is the difference of the means when every init is in both
        assertThat(md).contains("the baseline, **fast**", "| slow | test loss | 2 | "
                + String.format(java.util.Locale.ROOT, "%+.4f", slow - fast)).doesNotContain("| fast | test loss");

        Files.writeString(preset, text.formatted("medium"));
        assertError(descent("compare", "--preset", preset.toString(), "--out", work.resolve("bad").toString()),
                "baseline 'medium' is not one of its arms; arms: slow, fast");
    }

    @Test
    void anUnknownPresetListsTheKnownOnes() {
        Result r = descent("compare", "--preset", "bach-mlp");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("unknown preset 'bach-mlp'; known: batch-mlp, batch-cnn, momentum-mlp, momentum-cnn, adams-mlp,"
                + " adams-cnn, soybean, tp-fashion (did you mean 'batch-mlp'?)");
    }

    @Test
    void badComparisonsGetOneLine() {
        assertError(descent("compare", "--optimizers", "sgd,@2"), "malformed --optimizer 'sgd,@2'");
        assertError(descent("compare", "--optimizers", "sgd;;adam"), "an empty entry");
        assertError(descent("compare", "--optimizers", "sgd,sgd", "--dataset", "xor"), "lists 'sgd' twice");
        assertError(descent("compare", "--optimizers", "sgd,adms", "--dataset", "xor"), "unknown optimizer 'adms'", "known: ", "(did you mean");
        assertError(descent("compare", "--optimizers", "sgd,momentum", "--dataset", "xor", "--frobnicate", "1"),
                "unknown option '--frobnicate'");
        assertError(descent("compare", "--optimizer", "sgd", "--dataset", "xor"), "--optimizer is not a compare option");
        assertError(descent("compare", "--dataset", "xor"), "compare needs --optimizers", "batch-mlp");
        assertError(descent("compare", "--preset", work.resolve("none.properties").toString()), "preset file", "does not exist");
    }

    private static void assertError(Result r, String... fragments) {
        assertThat(r.status()).as(r.err() + r.out()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("descent: ").contains(fragments);
    }

    @Test
    void splitsArmsAtSemicolonsAndAtEntriesWithoutAStartEpoch() {
        assertThat(CompareCommand.splitArms("sgd,momentum")).containsExactly("sgd", "momentum");
        assertThat(CompareCommand.splitArms("sgd,sgd,adams-pece@20,rk4")).containsExactly("sgd", "sgd,adams-pece@20", "rk4");
        assertThat(CompareCommand.splitArms("sgd ; sgd, adam@2, momentum@4")).containsExactly("sgd", "sgd,adam@2,momentum@4");
        assertThatThrownBy(() -> CompareCommand.splitArms("adam@2,sgd")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'adam@2' switches to an optimizer, but no optimizer comes before it");
    }
}
