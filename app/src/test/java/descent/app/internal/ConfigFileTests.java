package descent.app.internal;

import static descent.app.internal.CompareCommandTests.descent;
import static org.assertj.core.api.Assertions.assertThat;

import descent.app.internal.CompareCommandTests.Result;
import descent.engine.report.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train --config FILE} and the {@code DESCENT_*} defaults: layering, reproduction from run.json, bad files. */
class ConfigFileTests {

    @TempDir
    Path work;

    private static Result ok(String... argv) {
        Result r = descent(argv);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    private static void fails(Result r, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments);
    }

    private static List<String> rows(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(Path run, String name) {
        return new LinkedHashMap<>((Map<String, Object>) ((Map<String, Object>) JsonFiles.read(run.resolve("run.json"))).get(name));
    }

    private Path first() {
        Path a = work.resolve("a");
        ok("train", "--dataset", "rings", "--samples", "300", "--test-samples", "200", "--hidden", "8", "--optimizer", "momentum",
                "--momentum", "0.8", "--lr", "0.05", "--batch-size", "25", "--epochs", "3", "--seed", "4", "--out", a.toString());
        return a;
    }

    @Test
    void aRunJsonAsConfigTrainsTheSameRunAgain() throws IOException {
        Path a = first();
        Path b = work.resolve("b");
        ok("train", "--config", a.resolve("run.json").toString(), "--out", b.toString());
        assertThat(rows(b)).isEqualTo(rows(a)).hasSize(4);
        Map<String, Object> optionsA = block(a, "options");
        Map<String, Object> optionsB = block(b, "options");
        assertThat(optionsB.remove("out")).isEqualTo(b.toString());
        optionsA.remove("out");
        assertThat(optionsB).isEqualTo(optionsA);
        assertThat(block(b, "hyperparameters")).isEqualTo(block(a, "hyperparameters"));
    }

    @Test
    void theCommandLineWinsOverTheFileAndAnotherOptimizerDropsTheFilesHyperparameters() throws IOException {
        Path a = first();
        Path lower = work.resolve("lower");
        ok("train", "--config", a.resolve("run.json").toString(), "--out", lower.toString(), "--lr", "0.02", "--epochs", "1");
        assertThat(block(lower, "options")).containsEntry("lr", "0.02").containsEntry("epochs", "1").containsEntry("seed", "4")
                .containsEntry("optimizer", "momentum");
        assertThat(block(lower, "hyperparameters").get("optimizer")).isEqualTo(Map.of("momentum", "0.8"));
        assertThat(rows(lower).get(1)).isNotEqualTo(rows(a).get(1));

        Path adam = work.resolve("adam");
        ok("train", "--config", a.resolve("run.json").toString(), "--out", adam.toString(), "--optimizer", "adam", "--epochs", "1");
        @SuppressWarnings("unchecked")
        Map<String, String> hp = (Map<String, String>) block(adam, "hyperparameters").get("optimizer");
        assertThat(hp).containsKey("beta1").doesNotContainKey("momentum");
        assertThat(block(adam, "hyperparameters").get("dataset")).isEqualTo(block(a, "hyperparameters").get("dataset"));

        Path tp = work.resolve("tp");
        ok("train", "--config", a.resolve("run.json").toString(), "--out", tp.toString(), "--trainer", "tp-batch", "--epochs", "1");
        assertThat(block(tp, "options")).containsEntry("trainer", "tp-batch").doesNotContainKey("optimizer");
    }

    @Test
    void aFlatFileGivesOptionsAndHyperparametersByName() throws IOException {
        Path file = work.resolve("small.json");
        Files.writeString(file, """
                {"dataset": "rings", "samples": 200, "test-samples": 100, "hidden": "8",
                 "optimizer": "momentum", "momentum": 0.5, "lr": 0.05, "batch-size": 20, "epochs": 1, "seed": 2}
                """);
        Path run = work.resolve("flat");
        ok("train", "--config", file.toString(), "--out", run.toString(), "--momentum", "0.6");
        assertThat(block(run, "options")).containsEntry("lr", "0.05").containsEntry("batch-size", "20").containsEntry("seed", "2");
        assertThat(block(run, "hyperparameters").get("optimizer")).isEqualTo(Map.of("momentum", "0.6"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) block(run, "hyperparameters").get("dataset");
        assertThat(data).containsEntry("samples", "200").containsEntry("test-samples", "100");
        assertThat(rows(run)).hasSize(2);
    }

    @Test
    void aBadConfigFileGetsOneLineNamingTheFileAndNothingIsWritten() throws IOException {
        Path out = work.resolve("never");
        List<String> common = List.of("--out", out.toString());
        Path missing = work.resolve("missing.json");
        fails(descent(with(common, "train", "--config", missing.toString())), "--config '" + missing + "' is not a file");
        Path broken = Files.writeString(work.resolve("broken.json"), "{\"lr\": 0.1,\n \"epochs\": }");
        fails(descent(with(common, "train", "--config", broken.toString())), "broken.json", "not valid JSON", "line 2");
        Path typo = Files.writeString(work.resolve("typo.json"), "{\"options\": {\"epohcs\": \"3\"}}");
        fails(descent(with(common, "train", "--config", typo.toString())), "typo.json", "unknown option 'epohcs'", "did you mean 'epochs'");
        Path unknown = Files.writeString(work.resolve("unknown.json"), "{\"dataset\": \"rings\", \"frobnicate\": 3}");
        fails(descent(with(common, "train", "--config", unknown.toString())), "unknown option '--frobnicate'");
        Path resume = Files.writeString(work.resolve("resume.json"), "{\"resume\": \"runs/x\"}");
        fails(descent(with(common, "train", "--config", resume.toString())), "sets 'resume', which a configuration file cannot");
        Path list = Files.writeString(work.resolve("list.json"), "[1, 2]");
        fails(descent(with(common, "train", "--config", list.toString())), "holds no JSON object");
        Path nested = Files.writeString(work.resolve("nested.json"), "{\"lr\": [0.1]}");
        fails(descent(with(common, "train", "--config", nested.toString())), "lr must be a string, number or boolean");
        Path badLr = Files.writeString(work.resolve("lr.json"), "{\"dataset\": \"rings\", \"lr\": -1}");
        fails(descent(with(common, "train", "--config", badLr.toString())), "--lr", "> 0");
        fails(descent("train", "--config", badLr.toString(), "--resume", work.resolve("r").toString()), "--config and --resume contradict");
        assertThat(out).doesNotExist();
    }

    private static String[] with(List<String> tail, String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    @Test
    void environmentVariablesGiveOptionDefaultsAndAMisspeltOneIsWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        Map<String, String> defaults = RunOptions.environment(Map.of("DESCENT_EPOCHS", "7", "DESCENT_BATCH_SIZE", "128", "DESCENT_EPOCSH", "3",
                "DESCENT_OUT", "x", "DESCENT_JAVA_OPTS", "-Xmx1g", "HOME", "/root", "DESCENT_CLIP_NORM", "1.5"), warnings::add);
        assertThat(defaults).containsExactlyInAnyOrderEntriesOf(Map.of("epochs", "7", "batch-size", "128", "clip-norm", "1.5"));
        assertThat(warnings).containsExactly("DESCENT_EPOCSH names no option of descent (did you mean DESCENT_EPOCHS?); it is ignored",
                "DESCENT_OUT is ignored: --out is not taken from the environment; give it on the command line");
        assertThat(RunOptions.variable("hessian-trace-samples")).isEqualTo("DESCENT_HESSIAN_TRACE_SAMPLES");
    }
}
