package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import descent.app.DescentProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built application, started as named modules in its own JVM, used as a person would. */
class AppIntegrationTests {

    @TempDir
    Path work;

    @Test
    void runsAsNamedModules() {
        Result r = DescentProcess.run(work, "doctor");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("named modules (descent.app").contains("CpuBackend").contains("OPENBLAS");
    }

    @Test
    void lenetTrainsOnTheFastExecutorAndRunJsonSaysSoWithoutAWordOnStderr() throws IOException {
        Result fast = DescentProcess.run(work, "train", "--model", "lenet", "--train-limit", "256", "--test-limit", "256",
                "--epochs", "1", "--out", "runs/fast");
        assertThat(fast.status()).as(fast.err()).isZero();
        assertThat(fast.errLines()).as("the JVM's incubator warning is dropped, nothing else is said").isEmpty();
        String json = Files.readString(work.resolve("runs/fast/run.json"));
        assertThat(json).containsPattern("\"executor\": \\{\\s*\"requested\": \"fast\",\\s*\"ran\": \"fast\",\\s*"
                + "\"kernels\": \"float32, Vector API direct convolution\"");

        Result dl4j = DescentProcess.run(work, "train", "--model", "lenet", "--train-limit", "256", "--test-limit", "256",
                "--epochs", "1", "--executor", "dl4j", "--out", "runs/dl4j");
        assertThat(dl4j.status()).as(dl4j.err()).isZero();
        assertThat(Files.readString(work.resolve("runs/dl4j/run.json"))).containsPattern("\"ran\": \"dl4j\"");

        Result plain = DescentProcess.run(java.util.Map.of("DESCENT_NO_VECTOR", "1"), work, "train", "--model", "lenet",
                "--train-limit", "256", "--test-limit", "256", "--epochs", "1", "--out", "runs/plain");
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(Files.readString(work.resolve("runs/plain/run.json"))).contains("\"kernels\": \"float32\"");
        Result doctor = DescentProcess.run(java.util.Map.of("DESCENT_NO_VECTOR", "1"), work, "doctor");
        assertThat(doctor.out()).contains("Vector API not resolved");

        Result bad = DescentProcess.run(work, "train", "--executor", "gpu", "--epochs", "1", "--out", "runs/bad");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.errLines()).containsExactly("descent: --executor must be fast or dl4j, got 'gpu'");
    }

    @Test
    void listsEveryBuiltInProviderWithItsModule() {
        Result r = DescentProcess.run(work, "list");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("mlp", "lenet", "fashion-mnist", "rings", "module descent.engine", "module descent.datasets",
                "built in", "--hidden");
        for (String id : List.of("sgd", "momentum", "nesterov", "adam", "adamax", "nadam", "amsgrad", "adagrad", "rmsprop",
                "rmsprop-centered", "adadelta", "adabelief")) {
            assertThat(r.out()).containsPattern("(?m)^  " + id + " ");
        }
    }

    @Test
    void findsAPluginJarAndReportsABrokenOneWithoutStoppingTheOthers() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = PluginJars.build(work, "sign-sgd-1.0.jar", PluginJars.signSgd());
        Files.copy(jar, plugins.resolve("sign-sgd-1.0.jar"));
        byte[] junk = new byte[512];
        new Random(1).nextBytes(junk);
        Files.write(plugins.resolve("broken.jar"), junk);

        Result list = DescentProcess.run(work, "list", "--plugins", plugins.toString());
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("sign-sgd", "module demo.signsgd", plugins.resolve("sign-sgd-1.0.jar").toString());
        assertThat(list.errLines()).hasSize(1);
        assertThat(list.errLines().get(0)).contains("broken.jar");

        Result train = DescentProcess.run(work, "train", "--plugins", plugins.toString(), "--optimizer", "sign-sgd",
                "--dataset", "xor", "--hidden", "8", "--lr", "0.01", "--epochs", "1", "--out", "runs/sign");
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 1/1");
    }

    @Test
    void trainsWritesItsOutputsAndResumesToTheSameMetrics() throws IOException {
        String[] common = {"--dataset", "spirals", "--samples", "400", "--hidden", "16,16", "--optimizer", "momentum",
                "--lr", "0.05", "--batch-size", "20", "--seed", "4"};
        Result straight = DescentProcess.run(work, concat("train", common, "--epochs", "3", "--out", "straight"));
        assertThat(straight.status()).as(straight.err()).isZero();
        assertThat(straight.out()).contains("epoch 3/3");

        Result first = DescentProcess.run(work, concat("train", common, "--epochs", "1", "--out", "split"));
        assertThat(first.status()).as(first.err()).isZero();
        Result rest = DescentProcess.run(work, "train", "--resume", "split", "--epochs", "3");
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("resuming at epoch 2 of 3");

        List<String> a = Files.readAllLines(work.resolve("straight/metrics.csv"));
        List<String> b = Files.readAllLines(work.resolve("split/metrics.csv"));
        assertThat(a.get(0)).startsWith("epoch,train_loss,test_loss,test_accuracy,lr,momentum,batch_size,gradient_evaluations,epoch_seconds");
        assertThat(a).hasSize(4);
        assertThat(withoutSeconds(b)).isEqualTo(withoutSeconds(a));
        for (String f : List.of("run.json", "plot.png", "checkpoint.zip")) {
            assertThat(work.resolve("split").resolve(f)).isNotEmptyFile();
        }
        assertThat(Files.readString(work.resolve("split/run.json"))).contains("\"optimizer\"", "\"momentum\"", "\"seed\"", "\"backend\"", "\"device\": \"cpu (auto: ", "\"native_build\": \"generic (from CPU flags");
    }

    @Test
    void trainsAnMlpOnARealFashionMnistSubset() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Result r = DescentProcess.run(work, "train", "--dataset", "fashion-mnist", "--train-limit", "6000", "--test-limit", "1000",
                "--epochs", "2", "--out", "fm");
        assertThat(r.status()).as(r.err()).isZero();
        double accuracy = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("epoch 2/2")).findFirst().orElseThrow()
                .replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        assertThat(accuracy).isGreaterThan(0.7);
    }

    @Test
    void comparesTwoArmsFromTheSameInitialisationsAndSkipsThemWhenRunAgain() throws IOException {
        String[] argv = {"compare", "--optimizers", "sgd;sgd,momentum@1", "--inits", "2", "--epochs", "2", "--dataset", "rings",
            "--samples", "300", "--test-samples", "100", "--hidden", "8", "--batch-size", "30", "--out", "cmp"};
        Result r = DescentProcess.run(work, argv);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 arms x 2 inits (seeds 1 to 2)", "[4/4 sgd+momentum@1, init 2/2] epoch 2/2", "compare: wrote");
        Path cmp = work.resolve("cmp");
        for (String f : List.of("summary.csv", "summary.md", "compare.json", "train_loss.png", "test_loss.png", "test_accuracy.png",
                "gradient_evaluations.png", "epoch_seconds.png", "sgd/init-1/checkpoint.zip", "sgd+momentum@1/init-0/run.json")) {
            assertThat(cmp.resolve(f)).isNotEmptyFile();
        }
        for (int init = 0; init < 2; init++) {
            List<String> a = withoutSeconds(Files.readAllLines(cmp.resolve("sgd/init-" + init + "/metrics.csv")));
            List<String> b = withoutSeconds(Files.readAllLines(cmp.resolve("sgd+momentum@1/init-" + init + "/metrics.csv")));
            assertThat(b.get(1)).as("epoch 1, before the switch").isEqualTo(a.get(1));
            assertThat(b.get(2)).as("epoch 2, after it").isNotEqualTo(a.get(2));
        }
        assertThat(Files.readAllLines(cmp.resolve("summary.csv"))).hasSize(1 + 2 * 2);

        Result again = DescentProcess.run(work, argv);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("4 done, 0 to resume, 0 to train").doesNotContain("epoch 1/2");
    }

    @Test
    void listsTheComparePresetsAndRejectsAnUnknownOne() {
        Result list = DescentProcess.run(work, "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("compare presets", "batch-mlp", "momentum-cnn", "adams-mlp", "sgd-then-adams-pece (sgd,adams-pece@20)");
        assertOneLineError(DescentProcess.run(work, "compare", "--preset", "nope"), "unknown preset 'nope'", "known: batch-mlp");
    }

    @Test
    void benchMeasuresTheStepCostOfSeveralOptimizers() {
        Result r = DescentProcess.run(work, "bench", "--optimizers", "sgd,momentum,adam", "--dataset", "xor", "--samples", "400",
                "--hidden", "8", "--rounds", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("ratio (medians)", "median of ratios", "state buffers");
        assertThat(r.out().lines().filter(l -> l.startsWith("adam ")).findFirst().orElseThrow()).endsWith("2.00");

        Result both = DescentProcess.run(work, "bench", "--trainers", "tp-batch", "--dl4j-baseline", "--dataset", "xor", "--samples", "400",
                "--hidden", "8", "--rounds", "1");
        assertThat(both.status()).as(both.err()).isZero();
        assertThat(both.out().lines().filter(l -> l.startsWith("sgd-dl4j ") || l.startsWith("tp-batch ")).count()).isEqualTo(2);
    }

    @Test
    void userErrorsGetOneLineAndStatusTwo() throws IOException {
        assertOneLineError(DescentProcess.run(work, "train", "--optimizer", "adms", "--dataset", "xor"),
                "unknown optimizer 'adms'", "known:");
        assertOneLineError(DescentProcess.run(work, "train", "--lr", "-0.1", "--dataset", "xor"), "--lr", "> 0");
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "xor", "--momentum", "1.5", "--optimizer", "momentum"),
                "'momentum'", "1.5");
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "mnist"), "mnist", "--data-dir");
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "xor", "--frobnicate", "3"), "unknown option '--frobnicate'");
        assertOneLineError(DescentProcess.run(work, "train", "--resume", "nowhere"), "nowhere");
        // Settings that would only fail at a later epoch are caught before training starts.
        Result badC = DescentProcess.run(work, "train", "--dataset", "xor", "--optimizer", "adaptive-momentum", "--beta", "0.9",
                "--c", "20", "--schedule", "multistep:2=0.01", "--epochs", "4", "--out", "bad-c");
        assertOneLineError(badC, "'c'", "-1.0");
        assertThat(badC.out()).as("nothing was trained").isEmpty();
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "xor", "--optimizer", "adaptive-batch-sgd",
                "--batch-schedule", "20:1024", "--epochs", "4"), "'batch-schedule'", "20:1024");
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "xor", "--optimizer", "sgd,adams-pcee@2"), "unknown optimizer 'adams-pcee'");
        Path corrupt = Files.createDirectories(work.resolve("corrupt"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(corrupt.resolve(f), new byte[] {0, 0, 8, 1, 0, 0});
        }
        assertOneLineError(DescentProcess.run(work, "train", "--dataset", "fashion-mnist", "--data-dir", corrupt.toString()),
                "train-images-idx3-ubyte");
        Result verbose = DescentProcess.run(work, "train", "--optimizer", "adms", "--dataset", "xor", "--verbose");
        assertThat(verbose.status()).isEqualTo(2);
        assertThat(verbose.err()).contains("at descent.");
    }

    @Test
    void choosesTheDeviceAndTheNativeBuildAndSaysWhy() {
        Result doctor = DescentProcess.run(work, "doctor");
        assertThat(doctor.status()).as(doctor.err()).isZero();
        assertThat(doctor.out()).containsPattern("(?m)^device +cpu \\(auto: 'nd4j-cuda-11.6' is not on the module path")
                .containsPattern("(?m)^native build +\\S+ \\(from CPU flags")
                .containsPattern("(?m)^cuda +not verified");

        Result generic = DescentProcess.run(work, "doctor", "--native-build", "generic", "--device", "cpu");
        assertThat(generic.status()).as(generic.err()).isZero();
        assertThat(generic.out()).containsPattern("(?m)^native build +generic \\(from --native-build\\); loaded linux-x86_64 \\(generic\\)")
                .containsPattern("(?m)^device +cpu \\(cpu: requested with --device cpu\\)");

        Result train = DescentProcess.run(work, "train", "--dataset", "xor", "--epochs", "1", "--device", "cpu",
                "--native-build", "generic", "--out", "on-cpu");
        assertThat(train.status()).as(train.err()).isZero();

        assertOneLineError(DescentProcess.run(work, "doctor", "--device", "cuda"), "'nd4j-cuda-11.6' is not on the module path",
                "mvn -Pcuda install");
        assertOneLineError(DescentProcess.run(work, "doctor", "--device", "gpu"), "unknown device 'gpu'; known: auto, cpu, cuda");
        assertOneLineError(DescentProcess.run(work, "doctor", "--native-build", "sse9"), "unknown native build 'sse9'", "avx512");
    }

    private static void assertOneLineError(Result r, String... fragments) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("descent: ").contains(fragments);
    }

    private static List<String> withoutSeconds(List<String> csv) {
        return csv.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private static String[] concat(String first, String[] middle, String... rest) {
        String[] all = new String[1 + middle.length + rest.length];
        all[0] = first;
        System.arraycopy(middle, 0, all, 1, middle.length);
        System.arraycopy(rest, 0, all, 1 + middle.length, rest.length);
        return all;
    }

    @Test
    void descentVariablesGiveDefaultsBelowTheCommandLineAndAMisspeltOneIsWarnedAbout() throws IOException {
        java.util.Map<String, String> env = java.util.Map.of("DESCENT_EPOCHS", "1", "DESCENT_BATCH_SIZE", "50", "DESCENT_LR", "0.2",
                "DESCENT_SEDE", "9");
        Path run = work.resolve("env");
        Result r = DescentProcess.run(env, work, "train", "--dataset", "xor", "--samples", "200", "--test-samples", "100", "--hidden", "8",
                "--lr", "0.05", "--out", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("descent: warning: DESCENT_SEDE names no option of descent (did you mean DESCENT_SEED?); it is ignored");
        String json = Files.readString(run.resolve("run.json"));
        assertThat(json).contains("\"epochs\": \"1\"", "\"batch-size\": \"50\"", "\"lr\": \"0.05\"", "\"seed\": \"1\"");
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);
    }
}
