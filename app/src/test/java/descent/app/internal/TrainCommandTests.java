package descent.app.internal;

import static descent.app.internal.CompareCommandTests.descent;
import static org.assertj.core.api.Assertions.assertThat;

import descent.app.internal.CompareCommandTests.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train --optimizer sgd,adam@E}: hyperparameter routing, resume across the switch, bad specs. */
class TrainCommandTests {

    @TempDir
    Path work;

    private static final String[] SMALL = {"--dataset", "rings", "--samples", "200", "--test-samples", "100", "--hidden", "8",
        "--lr", "0.05", "--batch-size", "20", "--seed", "3"};

    private Result train(String... more) {
        String[] argv = new String[1 + SMALL.length + more.length];
        argv[0] = "train";
        System.arraycopy(SMALL, 0, argv, 1, SMALL.length);
        System.arraycopy(more, 0, argv, 1 + SMALL.length, more.length);
        Result r = descent(argv);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    private static List<String> rows(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void pauseAfterStopsAtAnEpochsEndWithStatusZeroAndTheResumedPartsMakeTheStraightRun() throws IOException {
        Path straight = work.resolve("straight");
        train("--epochs", "4", "--out", straight.toString());
        Path dir = work.resolve("paused");
        Result first = train("--epochs", "4", "--pause-after", "1", "--out", dir.toString());
        assertThat(first.out()).contains("descent: paused after epoch 1 of 4 (--pause-after 1); 'descent train --resume " + dir
                + "' continues the run");
        assertThat(Files.readString(dir.resolve("run.json"))).contains("paused after epoch 1 (--pause-after 1)");
        assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(2);
        assertThat(descent.engine.checkpoint.CheckpointFile.read(dir.resolve("checkpoint.zip")).epoch()).isEqualTo(1);
        Result second = descent("train", "--resume", dir.toString(), "--pause-after", "2");
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("paused after epoch 3 of 4");
        // the last epoch is the run's end, not a pause
        Result third = descent("train", "--resume", dir.toString(), "--pause-after", "2");
        assertThat(third.status()).as(third.err()).isZero();
        assertThat(third.out()).doesNotContain("paused after");
        assertThat(rows(dir.resolve("metrics.csv"))).isEqualTo(rows(straight.resolve("metrics.csv")));
        assertThat(Files.readString(dir.resolve("run.json"))).contains("\"outcome\": \"completed\"");

        // a time: the first epoch end after it
        Path timed = work.resolve("timed");
        Result t = train("--epochs", "3", "--pause-after", "0.001s", "--out", timed.toString());
        assertThat(t.out()).contains("paused after epoch 1 of 3 (--pause-after 0.001s)");

        for (String bad : new String[] {"0", "-2", "5x", "1.5", "m"}) {
            Path none = work.resolve("bad");
            Result r = descent("train", "--dataset", "rings", "--epochs", "2", "--pause-after", bad, "--out", none.toString());
            assertError(r, "--pause-after takes a number of epochs (10) or a duration with its unit (90s, 5m, 1h), not '" + bad + "'");
            assertThat(none).doesNotExist();
        }
    }

    @Test
    void runJsonRecordsTheCpuKernelsAndAResumeUnderOtherKernelsSaysSo() throws IOException {
        Path dir = work.resolve("kernels");
        train("--epochs", "1", "--out", dir.toString());
        String json = Files.readString(dir.resolve("run.json"));
        descent.engine.device.CpuKernels here = descent.engine.device.CpuKernels.current();
        assertThat(json).contains("\"simd\": \"" + here.simd() + "\"", "\"openblas_coretype\": \"" + here.openblasCoreType() + "\"");

        Result same = descent("train", "--resume", dir.toString(), "--epochs", "2");
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.err()).doesNotContain("round differently");

        String other = here.simd().equals("sse") ? "avx512" : "sse";
        Files.writeString(dir.resolve("run.json"), Files.readString(dir.resolve("run.json"))
                .replace("\"simd\": \"" + here.simd() + "\"", "\"simd\": \"" + other + "\""));
        Result moved = descent("train", "--resume", dir.toString(), "--epochs", "3");
        assertThat(moved.status()).as(moved.err()).isZero();
        assertThat(moved.err()).contains("descent: warning: the run in '" + dir + "' was written on ", ", " + other + ", ",
                "the kernels round differently");
    }

    @Test
    void aSwitchRunResumedAfterTheSwitchEndsWithTheStraightRunsMetrics() throws IOException {
        train("--optimizer", "momentum,adam@2", "--momentum", "0.5", "--beta1", "0.8", "--epochs", "4",
                "--out", work.resolve("straight").toString());
        String record = Files.readString(work.resolve("straight/run.json"));
        assertThat(record).contains("\"optimizer\": \"momentum,adam@2\"", "\"momentum\": \"0.5\"", "\"beta1\": \"0.8\"");
        // A run cannot be started shorter than its last switch (that is an error), so from the command line the
        // interrupted run stops after the switch; OptimizerSpecTests in the engine also stop before and at it.
        for (int stop : new int[] {3}) {
            Path dir = work.resolve("stop" + stop);
            train("--optimizer", "momentum,adam@2", "--momentum", "0.5", "--beta1", "0.8", "--epochs", Integer.toString(stop),
                    "--out", dir.toString());
            Result cut = descent("train", "--resume", dir.toString(), "--epochs", "4");
            assertThat(cut.status()).as(cut.err()).isZero();
            assertThat(rows(dir.resolve("metrics.csv"))).isEqualTo(rows(work.resolve("straight/metrics.csv")));
        }
    }

    @Test
    void aTrainerThatDoesNotFitTheModelLeavesTheFolderAsItWasSoTheFixedCommandRunsThere() throws IOException {
        Path dir = work.resolve("tp");
        Result bad = descent("train", "--dataset", "rings", "--samples", "200", "--test-samples", "100", "--hidden", "8",
                "--activation", "tanh", "--trainer", "tp-batch", "--epochs", "1", "--out", dir.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("descent: trainer 'tp-batch' computes its rates for ReLU layers").doesNotContain("\n");
        assertThat(dir.resolve("run.json")).doesNotExist();
        Result unknown = descent("train", "--dataset", "rings", "--samples", "200", "--test-samples", "100", "--hidden", "8",
                "--trainer", "dtp", "--forward-optimizer", "rmsprp", "--epochs", "1", "--out", dir.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("hyperparameter 'forward-optimizer' of trainer 'dtp' 'rmsprp': unknown optimizer 'rmsprp'");
        assertThat(dir.resolve("run.json")).doesNotExist();

        Result good = descent("train", "--dataset", "rings", "--samples", "200", "--test-samples", "100", "--hidden", "8",
                "--trainer", "tp-batch", "--epochs", "1", "--out", dir.toString());
        assertThat(good.status()).as(good.err()).isZero();
        assertThat(dir.resolve("metrics.csv")).isRegularFile();
    }

    @Test
    void noiseEveryRecordsTheGradientNoiseAndTheTemperatureAndDrawsThemAndBadValuesAreOneLine() throws IOException {
        Path dir = work.resolve("noise");
        Result r = train("--epochs", "2", "--noise-every", "1", "--noise-batches", "8", "--diagnostics-subset", "100", "--sharpness-every", "2",
                "--out", dir.toString());
        assertThat(r.out()).contains("noise scale B_simple");
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("gradient_noise", "gradient_noise_trace", "gradient_norm_sq", "noise_scale", "temperature", "noise_evaluations");
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            assertThat(Double.parseDouble(v[header.indexOf("gradient_noise")])).isPositive();
            assertThat(Double.parseDouble(v[header.indexOf("temperature")])).isEqualTo(0.05 / 20);
            assertThat(Double.parseDouble(v[header.indexOf("noise_evaluations")])).isEqualTo(9);
        }
        // loss, accuracy, the sharpness (measured at epoch 2 only) and the noise panels
        assertThat(javax.imageio.ImageIO.read(dir.resolve("plot.png").toFile()).getWidth()).isEqualTo(2000);

        Result bad = descent("train", "--dataset", "rings", "--noise-every", "1", "--noise-batches", "1", "--out", work.resolve("bad").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("descent: --noise-batches must be an integer >= 2, got '1'");
        assertThat(work.resolve("bad")).doesNotExist();
    }

    @Test
    void sharpnessEveryKsStepsWritesARowPerMeasurementAndAResumeKeepsOnlyThoseBeforeItsCheckpoint() throws IOException {
        // rings: 200 training rows at batch 20, 10 steps an epoch; every 7 steps over 3 epochs: steps 7, 14, 21, 28
        Path straight = work.resolve("straight");
        train("--optimizer", "sgd", "--epochs", "3", "--sharpness-every", "7s", "--sharpness-iterations", "5", "--out", straight.toString());
        List<String> rows = Files.readAllLines(straight.resolve("sharpness.csv"));
        assertThat(rows.get(0)).startsWith("step,epoch,sharpness,stability_ratio,sharpness_error,sharpness_evaluations");
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.substring(0, r.indexOf(',', r.indexOf(',') + 1))).toList())
                .containsExactly("7,1", "14,2", "21,3", "28,3");
        // an epoch's row holds its last measurement: epoch 3's is step 28's
        List<String> metrics = Files.readAllLines(straight.resolve("metrics.csv"));
        List<String> header = List.of(metrics.get(0).split(","));
        String lastSharpness = metrics.get(3).split(",")[header.indexOf("sharpness")];
        assertThat(rows.get(4).split(",")[2]).isEqualTo(lastSharpness);

        // the same run in two parts, with a row the first part "measured" after its last checkpoint
        Path parts = work.resolve("parts");
        train("--optimizer", "sgd", "--epochs", "2", "--sharpness-every", "7s", "--sharpness-iterations", "5", "--out", parts.toString());
        Files.writeString(parts.resolve("sharpness.csv"), "25,3,1,1,1,1\n", java.nio.file.StandardOpenOption.APPEND);
        Result resumed = descent("train", "--resume", parts.toString(), "--epochs", "3");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(parts.resolve("sharpness.csv"))).isEqualTo(rows);

        Result bad = descent("train", "--dataset", "rings", "--sharpness-every", "xs", "--out", work.resolve("bad").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("descent: --sharpness-every must be a number of epochs (5) or of steps (100s), got 'xs'");
    }

    @Test
    void thePlotTitleNamesTheBatchSizeTrainingUsedNotTheOption() throws IOException {
        Path gd = work.resolve("gd");
        train("--optimizer", "gd", "--epochs", "1", "--out", gd.toString());
        // gd takes the whole training split (200 rows) whatever --batch-size says (20 here)
        assertThat(Files.readString(gd.resolve("plot.svg"))).contains("gd, lr 0.05, batch 200, seed 3");
        Path sgd = work.resolve("sgd");
        train("--optimizer", "sgd", "--epochs", "1", "--out", sgd.toString());
        assertThat(Files.readString(sgd.resolve("plot.svg"))).contains("sgd, lr 0.05, batch 20, seed 3");
        assertThat(TrainRunner.batches(new double[] {64, 128, 256})).isEqualTo("64 to 256");
    }

    @Test
    void anAmbiguousHyperparameterInASwitchNamesBothOptimizers() {
        Result r = descent("train", "--dataset", "xor", "--optimizer", "momentum,nesterov@1", "--momentum", "0.5", "--epochs", "2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("'--momentum' is a hyperparameter of both optimizer 'momentum' and optimizer 'nesterov';"
                + " write --momentum.momentum or --nesterov.momentum");
        Result picked = descent("train", "--dataset", "xor", "--samples", "100", "--hidden", "4", "--optimizer", "momentum,nesterov@1",
                "--nesterov.momentum", "0.5", "--epochs", "2", "--out", work.resolve("picked").toString());
        assertThat(picked.status()).as(picked.err()).isZero();
    }

    @Test
    void badSwitchSpecsGetOneLineAndStatusTwo() {
        assertError(descent("train", "--dataset", "xor", "--optimizer", "sgd,adm@1", "--epochs", "2"),
                "unknown optimizer 'adm' in --optimizer 'sgd,adm@1'; known: ", "(did you mean 'adam'?)");
        assertError(descent("train", "--dataset", "xor", "--optimizer", "sgd,adam@3,momentum@2", "--epochs", "5"),
                "switch epochs must increase");
        assertError(descent("train", "--dataset", "xor", "--optimizer", "sgd,adam@5", "--epochs", "5"),
                "'adam@5' starts at epoch 5 but the run has epochs 0 to 4");
        assertError(descent("train", "--dataset", "xor", "--optimizer", "sgd;adam@1", "--epochs", "5"),
                "malformed --optimizer 'sgd;adam@1'");
    }

    private static void assertError(Result r, String... fragments) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments);
    }

    @Test
    void noBuiltInHyperparameterIsShadowedByAnOptionOfDescent() {
        // A provider's hyperparameter named like an engine option (--weight-decay, --epochs, ...)
        // cannot be set as --name; the CLI warns about each. The built-ins must have none.
        var registry = descent.engine.plugins.Registry.builder().build();
        assertThat(registry.providers(descent.engine.plugins.ProviderKind.OPTIMIZER)).containsKeys("sgd", "rk4", "adams-pece");
        assertThat(Cli.shadowedHyperparameters(registry)).isEmpty();
    }

    @Test
    void aResumeComparesFixedOptionsByValueNotByTheirText() {
        Path dir = work.resolve("values");
        train("--epochs", "1", "--out", dir.toString());
        Result same = descent("train", "--resume", dir.toString(), "--epochs", "2", "--lr", "5e-2", "--batch-size", "020");
        assertThat(same.status()).as(same.err()).isZero();
        Result other = descent("train", "--resume", dir.toString(), "--epochs", "3", "--lr", "0.06");
        assertThat(other.status()).isEqualTo(2);
        assertThat(other.err()).contains("--lr cannot change on --resume", "used 0.05, not 0.06");
    }
}
