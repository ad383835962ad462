package descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent compare --spark local[2]} through the launcher, with the Spark installation this
 * module lays out in {@code target/spark-home}: the runs land as a local compare writes them, with
 * the same metrics; a finished sweep is not trained again; a partial one resumes from the folders.
 */
class SparkCompareIntegrationTests {

    @TempDir
    Path work;

    record Result(int status, String out) {
    }

    static Result descent(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("descent.launcher", "../../descent")));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("descent " + String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), out);
    }

    static final Map<String, String> SPARK = Map.of("SPARK_HOME", System.getProperty("spark.home", "target/spark-home"));

    private String[] compare(Path out, int epochs, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", "--optimizers", "sgd,heavy-ball", "--dataset", "rings", "--samples", "300",
                "--test-samples", "200", "--hidden", "8", "--lr", "0.05", "--inits", "2", "--epochs", Integer.toString(epochs),
                "--out", out.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /** The rows of a CSV file with only its first {@code columns} columns (the seconds dropped). */
    static List<String> rows(Path csv, int columns) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, columns))).toList();
    }

    static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // heavy-ball comes from the optimizers-ode plugin: found on the executor's class path through META-INF/services
    static final List<String> RUNS = List.of("sgd/init-0", "sgd/init-1", "heavy-ball/init-0", "heavy-ball/init-1");

    @Test
    void aSweepOnSparkLandsTheRunsOfALocalCompareAndIsNotTrainedAgain() throws Exception {
        Path local = work.resolve("local");
        Path spark = work.resolve("spark");
        Result plain = descent(Map.of(), compare(local, 3));
        assertThat(plain.status()).as(plain.out()).isZero();
        Result onSpark = descent(SPARK, compare(spark, 3, "--spark", "local[2]"));
        assertThat(onSpark.status()).as(onSpark.out()).isZero();
        assertThat(onSpark.out()).contains("4 runs on Spark 4.", "master local[2]", "[spark 4/4 ");
        for (String run : RUNS) {
            assertThat(rows(spark.resolve(run + "/metrics.csv"), 8)).as(run).isEqualTo(rows(local.resolve(run + "/metrics.csv"), 8)).hasSize(4);
            assertThat(Files.readString(spark.resolve(run + "/run.json"))).contains("\"out\": \"" + spark.resolve(run) + "\"");
            assertThat(names(spark.resolve(run))).isEqualTo(names(local.resolve(run)))
                    .contains("checkpoint.zip", "metrics.csv", "model.zip", "plot.png", "plot.svg", "run.json");
        }
        assertThat(rows(spark.resolve("summary.csv"), 11)).isEqualTo(rows(local.resolve("summary.csv"), 11));
        try (var files = Files.list(spark)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".spark") || n.contains("landing"));
        }

        Result again = descent(SPARK, compare(spark, 3, "--spark", "local[2]"));
        assertThat(again.status()).as(again.out()).isZero();
        assertThat(again.out()).contains("4 done, 0 to resume, 0 to train").doesNotContain("[spark ", "on Spark");
    }

    @Test
    void theDriverWritesItsClassDataArchiveOnceAndLaterDriversStartFromIt() throws Exception {
        Path lib = Path.of(System.getProperty("descent.dist", "../target/descent")).resolve("lib");
        Path archive = lib.resolve("descent.jsa.spark-driver");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(lib.resolve("descent.jsa.spark-driver.key"));
        Result writes = descent(SPARK, compare(work.resolve("writes"), 1, "--spark", "local[2]"));
        assertThat(writes.status()).as(writes.out()).isZero();
        assertThat(writes.out()).contains("saves its class-data archive as it exits");
        assertThat(archive).isRegularFile();
        assertThat(Files.readString(lib.resolve("descent.jsa.spark-driver.key"))).contains("descent-spark.jar", "spark-core_2.13-4.");
        try (var files = Files.list(lib)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no dump left behind").noneMatch(n -> n.matches("descent\\.jsa\\.spark-driver\\.[0-9]+"));
        }

        // every JVM of the command logs where its classes came from: the driver's come from the archive
        Path logs = Files.createDirectories(work.resolve("class-logs"));
        Map<String, String> env = new java.util.HashMap<>(SPARK);
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + logs.resolve("classes-%p.log") + ":none");
        Result reads = descent(env, compare(work.resolve("reads"), 1, "--spark", "local[2]"));
        assertThat(reads.status()).as(reads.out()).isZero();
        assertThat(reads.out()).doesNotContain("saves its class-data archive");
        List<String> driver = new ArrayList<>();
        try (var files = Files.list(logs)) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                if (lines.stream().anyMatch(l -> l.startsWith("descent.spark.SweepDriver "))) {
                    driver = lines;
                }
            }
        }
        assertThat(driver).as("the driver's class log").anyMatch(l -> l.startsWith("descent.spark.SweepDriver source: shared objects file"))
                .anyMatch(l -> l.startsWith("org.apache.spark.SparkContext source: shared objects file"));
        for (String run : RUNS) {
            assertThat(rows(work.resolve("reads/" + run + "/metrics.csv"), 8)).as(run).isEqualTo(rows(work.resolve("writes/" + run + "/metrics.csv"), 8));
        }
    }

    @Test
    void aPartialSweepContinuesOnSparkFromTheRunsCheckpoints() throws Exception {
        Path local = work.resolve("local");
        Path partial = work.resolve("partial");
        assertThat(descent(Map.of(), compare(local, 3)).status()).isZero();
        assertThat(descent(Map.of(), compare(partial, 1)).status()).isZero();
        Result resumed = descent(SPARK, compare(partial, 3, "--spark", "local[2]"));
        assertThat(resumed.status()).as(resumed.out()).isZero();
        assertThat(resumed.out()).contains("0 done, 4 to resume, 0 to train");
        for (String run : RUNS) {
            assertThat(rows(partial.resolve(run + "/metrics.csv"), 8)).as(run).isEqualTo(rows(local.resolve(run + "/metrics.csv"), 8));
            assertThat(Files.readString(partial.resolve(run + "/run.json"))).contains("\"start\": \"resume\"");
        }
    }

    @Test
    void eachTaskTrainsAPartAndTheDriverLandsItsCheckpointBeforeTheNext() throws Exception {
        Path local = work.resolve("local");
        Path parts = work.resolve("parts");
        assertThat(descent(Map.of(), compare(local, 3)).status()).isZero();
        Result chunked = descent(SPARK, compare(parts, 3, "--spark", "local[2]", "--spark-chunk", "1"));
        assertThat(chunked.status()).as(chunked.out()).isZero();
        assertThat(chunked.out()).contains("paused after epoch 1; the next part continues from its checkpoint",
                "paused after epoch 2; the next part continues from its checkpoint");
        for (String run : RUNS) {
            assertThat(rows(parts.resolve(run + "/metrics.csv"), 8)).as(run).isEqualTo(rows(local.resolve(run + "/metrics.csv"), 8));
            String json = Files.readString(parts.resolve(run + "/run.json"));
            assertThat(json).as(run).contains("paused after epoch 1 (--pause-after 1)", "paused after epoch 2 (--pause-after 1)",
                    "\"outcome\": \"completed\"");
        }
        assertThat(rows(parts.resolve("summary.csv"), 11)).isEqualTo(rows(local.resolve("summary.csv"), 11));
    }

    @Test
    void withoutSparkTheOptionSaysHowToGetItInOneLine() throws Exception {
        Result r = descent(Map.of(), compare(work.resolve("none"), 1, "--spark"));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out().strip().lines().filter(l -> l.startsWith("descent: ")).toList()).singleElement().asString()
                .contains("--spark needs Spark's jars", "-Pspark", "SPARK_HOME");
        Result blank = descent(SPARK, compare(work.resolve("blank"), 1, "--spark="));
        assertThat(blank.status()).isEqualTo(2);
        assertThat(blank.out()).contains("--spark takes a master URL");
        Result chunk = descent(SPARK, compare(work.resolve("chunk"), 1, "--spark", "local[2]", "--spark-chunk", "0"));
        assertThat(chunk.status()).isEqualTo(2);
        assertThat(chunk.out()).contains("descent: --spark-chunk takes a number of epochs (10) or a duration with its unit (90s, 5m, 1h), not '0'");
        Result alone = descent(SPARK, compare(work.resolve("alone"), 1, "--spark-chunk", "1"));
        assertThat(alone.status()).isEqualTo(2);
        assertThat(alone.out()).contains("--spark-chunk 1 sets the parts Spark trains a run in; it needs --spark [MASTER]");
    }
}
