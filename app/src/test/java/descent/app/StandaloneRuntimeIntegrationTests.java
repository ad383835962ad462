package descent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball the build makes, unpacked somewhere else and run as a person with only the tarball
 * would: no {@code JAVA_HOME}, and a {@code PATH} holding a few shell tools and no {@code java}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneRuntimeIntegrationTests {

    /** What the launcher and the tests use from the system; java is deliberately not among them. */
    private static final List<String> TOOLS = List.of("bash", "sed", "readlink", "dirname", "cat", "mv", "rm", "env", "uname");

    @TempDir
    static Path work;

    private static Path home;
    private static Path tools;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("descent.tarball", "target/descent.tar.gz"));
        assertThat(tarball).as("the tarball that mvn package makes").isRegularFile();
        run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", work.toString()), Map.of("PATH", System.getenv("PATH")), work);
        try (var tops = Files.list(work)) {
            home = tops.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        tools = Files.createDirectories(work.resolve("tools"));
        for (String tool : TOOLS) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.isExecutable(real)) {
                real = Path.of("/bin", tool);
            }
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
    }

    @Test
    @Order(1)
    void unpacksIntoOneVersionedFolderWithRuntimeJarsLauncherAndTheOptimizerModulesAsPlugins() throws IOException {
        assertThat(home.getFileName().toString()).startsWith("descent-");
        assertThat(home.resolve("bin/descent")).isExecutable();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("runtime/lib/server/classes.jsa")).as("the base CDS archive").isRegularFile();
        assertThat(home.resolve("README.txt")).content().contains("bin/descent train");
        try (var plugins = Files.list(home.resolve("plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString()))
                    .as("the two optimizer modules ship as plugin jars, nothing else").hasSize(2)
                    .anyMatch(n -> n.matches("descent-optimizers-ode-.+\\.jar"))
                    .anyMatch(n -> n.matches("descent-optimizers-targetprop-.+\\.jar"));
        }
        try (var lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).as("not on the module path").noneMatch(n -> n.startsWith("descent-optimizers"));
        }
        assertThat(home.resolve("lib/descent.jsa")).as("the archive records absolute paths: made where descent runs").doesNotExist();
        // No JDK tools in the image: it is a runtime.
        assertThat(home.resolve("runtime/bin/javac")).doesNotExist();
    }

    @Test
    @Order(2)
    void runsWithoutAJdkAndMakesItsClassDataSharingArchiveOnTheFirstStart() throws IOException, InterruptedException {
        Run first = descent("--version");
        assertThat(first.status).as(first.err).isZero();
        assertThat(first.out).startsWith("descent ").contains("Java " + Files.readString(home.resolve("runtime/release"))
                .replaceAll("(?s).*JAVA_VERSION=\"([^\"]+)\".*", "$1"));
        assertThat(home.resolve("lib/descent.jsa")).isRegularFile();
        assertThat(home.resolve("lib/descent.jsa.home")).content().isEqualToIgnoringNewLines(home.toString());

        Run doctor = descent("doctor");
        assertThat(doctor.status).as(doctor.err).isZero();
        assertThat(doctor.out).contains("(the bundled jlink runtime)").contains("home").contains(home.toString())
                .contains("javacpp cache");
    }

    @Test
    @Order(3)
    void trainsOnFashionMnistWithTheBundledRuntime() throws IOException, InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Run r = descent("train", "--dataset", "fashion-mnist", "--scaling", "standardize", "--train-limit", "6000",
                "--test-limit", "1000", "--model", "mlp", "--optimizer", "sgd", "--lr", "0.1", "--epochs", "1", "--out", "run");
        assertThat(r.status).as(r.err).isZero();
        assertThat(work.resolve("run/metrics.csv")).isRegularFile();
        double accuracy = Double.parseDouble(r.out.lines().filter(l -> l.startsWith("epoch 1/1")).findFirst().orElseThrow()
                .replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        assertThat(accuracy).isGreaterThan(0.7);
    }

    @Test
    @Order(4)
    void saysWhenItUnpacksTheNativeLibrariesAndPutsThemWhereDescentCacheDirSays() throws IOException, InterruptedException {
        Path cache = work.resolve("javacpp-cache");
        Run first = descent(Map.of("DESCENT_CACHE_DIR", cache.toString()), "doctor");
        assertThat(first.status).as(first.err).isZero();
        assertThat(first.err).contains("first start with nd4j-native-").contains("javacpp unpacks ND4J's native libraries")
                .contains(cache.toString());
        assertThat(first.out).contains("javacpp cache").contains(cache.toString());
        try (var unpacked = Files.list(cache)) {
            assertThat(unpacked.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("nd4j-native-"));
        }
        Run second = descent(Map.of("DESCENT_CACHE_DIR", cache.toString()), "doctor");
        assertThat(second.status).as(second.err).isZero();
        assertThat(second.err).doesNotContain("first start");
        assertThat(second.out).contains("(holds nd4j-native-");
    }

    @Test
    @Order(5)
    void runsAnOptimizerFromTheExamplePluginDroppedIntoPlugins() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("descent.example.jar", "../examples/optimizer-plugin/target/lion-optimizer-1.0.0.jar"));
        assertThat(jar).as("the example plugin, built by the reactor before the app (examples/optimizer-plugin)").isRegularFile();
        Path dropped = Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
        try {
            Run list = descent("list");
            assertThat(list.status).as(list.err).isZero();
            assertThat(list.err).as("no plugin warnings").isEmpty();
            assertThat(list.out).contains("lion", "extragradient", "org.example.lion 1.0.0", dropped.toString());

            assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                    "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
            Run r = descent("train", "--dataset", "fashion-mnist", "--train-limit", "6000", "--test-limit", "1000", "--model", "mlp",
                    "--optimizer", "lion", "--lr", "0.001", "--epochs", "1", "--out", "lion");
            assertThat(r.status).as(r.err).isZero();
            assertThat(r.out).contains("optimizer lion");
            double accuracy = Double.parseDouble(r.out.lines().filter(l -> l.startsWith("epoch 1/1")).findFirst().orElseThrow()
                    .replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
            assertThat(accuracy).isGreaterThan(0.7);
        } finally {
            Files.delete(dropped);
        }
    }

    @Test
    @Order(6)
    void theOptimizerModulesLoadAsPluginsAndTakingOneOutTakesOnlyItsOptimizersAway() throws IOException, InterruptedException {
        Path ode;
        try (var plugins = Files.list(home.resolve("plugins"))) {
            ode = plugins.filter(p -> p.getFileName().toString().startsWith("descent-optimizers-ode-")).findFirst().orElseThrow();
        }
        Run with = descent("list");
        assertThat(with.status).as(with.err).isZero();
        assertThat(with.out).containsPattern("(?m)^  rk4 ").containsPattern("(?m)^  tp-online ")
                .contains("module descent.optimizers.ode 0.1.0-SNAPSHOT, " + ode)
                .contains("module descent.optimizers.targetprop");

        Path aside = work.resolve(ode.getFileName());
        Files.move(ode, aside);
        try {
            Run without = descent("list");
            assertThat(without.status).as(without.err).isZero();
            assertThat(without.err).isEmpty();
            for (String id : List.of("gd", "heavy-ball", "rk4", "ab4", "adams-pece", "adaptive-batch-sgd")) {
                assertThat(without.out).as(id).doesNotContainPattern("(?m)^  " + id + " ");
            }
            assertThat(without.out).containsPattern("(?m)^  sgd ").containsPattern("(?m)^  tp-online ").containsPattern("(?m)^  adam ");
            Run rk4 = descent("train", "--optimizer", "rk4", "--epochs", "1", "--out", "no-rk4");
            assertThat(rk4.status).isEqualTo(2);
            assertThat(rk4.err.lines().filter(l -> !l.isBlank()).toList()).hasSize(1);
            assertThat(rk4.err).contains("unknown optimizer 'rk4'");
            assumeData();
            Run sgd = descent("train", "--dataset", "fashion-mnist", "--train-limit", "640", "--test-limit", "100", "--epochs", "1",
                    "--out", "sgd-without-ode");
            assertThat(sgd.status).as(sgd.err).isZero();
        } finally {
            Files.move(aside, ode);
        }
        Run back = descent("list");
        assertThat(back.out).containsPattern("(?m)^  rk4 ");
    }

    private static void assumeData() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    }

    @Test
    @Order(7)
    void saysWhatIsMissingWhenTheRuntimeWasNotUnpacked() throws IOException, InterruptedException {
        Path moved = work.resolve("runtime-elsewhere");
        Files.move(home.resolve("runtime"), moved);
        try {
            Run r = descent("--version");
            assertThat(r.status).isEqualTo(2);
            assertThat(r.err.strip()).hasLineCount(1).contains("no Java runtime").contains(home.resolve("runtime").toString());
        } finally {
            Files.move(moved, home.resolve("runtime"));
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run descent(String... args) throws IOException, InterruptedException {
        return descent(Map.of(), args);
    }

    private Run descent(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tools.resolve("bash").toString(), home.resolve("bin/descent").toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", tools.toString(), "HOME", System.getProperty("user.home")));
        env.putAll(extraEnv);
        return run(command, env, work);
    }

    /** Runs with exactly the environment given (nothing inherited). */
    private static Run run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("standalone-out", ".txt");
        Path err = Files.createTempFile("standalone-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 300 s");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        if (command.get(0).equals("tar") && r.status != 0) {
            throw new AssertionError("tar failed: " + r.err);
        }
        return r;
    }
}
