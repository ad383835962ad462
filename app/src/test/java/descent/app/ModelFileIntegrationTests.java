package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import descent.app.DescentProcess.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DL4J models out ({@code model.zip}) and in ({@code --model dl4j:FILE}), through the launcher. */
class ModelFileIntegrationTests {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path work;

    /** DL4J and ND4J from the distribution's lib/, without descent's own jars: what a plain DL4J program has. */
    private static String dl4jClassPath() throws IOException {
        Path lib = DescentProcess.lib().toAbsolutePath();
        List<Path> jars = new ArrayList<>();
        for (Path dir : List.of(lib, lib.resolve("native/generic"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar"))
                        .filter(p -> !p.getFileName().toString().startsWith("descent-") && !p.getFileName().toString().endsWith("-alias.jar"))
                        .forEach(jars::add);
            }
        }
        return String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    /** Runs the plain DL4J program (src/test/resources/plain-dl4j/ModelCheck.java) from source on the class path. */
    private static String plainDl4j(Path model, int testRows) throws Exception {
        Path source = Path.of("src/test/resources/plain-dl4j/ModelCheck.java").toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("plain-dl4j", ".txt");
        Process p = new ProcessBuilder(java.toString(), "-cp", dl4jClassPath(), source.toString(), model.toString(), FASHION.toString(),
                Integer.toString(testRows)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the plain DL4J program ended").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().filter(l -> l.startsWith("accuracy ")).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    private List<String> lastRow(String dir) throws IOException {
        List<String> rows = Files.readAllLines(work.resolve(dir).resolve("metrics.csv"));
        return List.of(rows.get(rows.size() - 1).split(","));
    }

    @Test
    void aRunsModelZipGivesThePlainDl4jProgramTheRunsTestAccuracy() throws Exception {
        Result r = DescentProcess.run(work, "train", "--train-limit", "3000", "--test-limit", "500", "--hidden", "32", "--epochs", "2",
                "--seed", "3", "--out", "m");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("m/model.zip (DL4J ModelSerializer)");
        List<String> row = lastRow("m");
        String plain = plainDl4j(work.resolve("m/model.zip"), 500);
        String[] parts = plain.split(" ");
        assertThat(parts[1]).as("test accuracy: plain DL4J against the run's metrics.csv").isEqualTo(
                String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(row.get(3))));
        assertThat(Double.parseDouble(parts[3])).as("test loss").isCloseTo(Double.parseDouble(row.get(2)),
                org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void aDl4jConfigurationTrainsAndAModelZipTrainsOnFromItsWeights() throws Exception {
        Path example = Path.of("../examples/dl4j-network/leaky-mlp.json").toAbsolutePath().normalize();
        Result c = DescentProcess.run(work, "train", "--model", "dl4j:" + example, "--train-limit", "1000", "--test-limit", "300",
                "--optimizer", "adam", "--lr", "0.001", "--epochs", "1", "--out", "c");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).contains("the fast executor cannot run layer 1 (DenseLayer): dropout; the DL4J executor runs this model")
                .contains("dl4j leaky-mlp.json (3 layers), 235146 parameters");
        assertThat(work.resolve("c/model.zip")).isRegularFile();
        assertThat(Files.readString(work.resolve("c/run.json"))).contains("\"model\": \"dl4j:" + example + "\"");

        Result again = DescentProcess.run(work, "train", "--model", "dl4j:c/model.zip", "--train-limit", "1000", "--test-limit", "300",
                "--optimizer", "adam", "--lr", "0.001", "--epochs", "1", "--out", "d");
        assertThat(again.status()).as(again.err()).isZero();
        double before = Double.parseDouble(lastRow("c").get(1));
        double after = Double.parseDouble(lastRow("d").get(1));
        assertThat(after).as("a second epoch from the saved weights trains on (train loss)").isLessThan(before);

        Result bad = DescentProcess.run(work, "train", "--model", "dl4j:nope.json", "--out", "e");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.errLines().get(0)).contains("model file 'nope.json' does not exist");
        assertThat(work.resolve("e/run.json")).doesNotExist();
    }
}
