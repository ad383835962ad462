package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import descent.app.DescentProcess.Result;
import descent.app.DescentProcess.Started;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run folder as one unit, tried with the real launcher in separate processes: kills at exact
 * instants of an epoch's writes (SIGKILL while the process waits at a {@code descent.crash-point}),
 * a second process on the same folder, overwrites, and what {@code --resume} accepts.
 */
class RunFolderIntegrationTests {

    /** A small run: three epochs of 1,280 Fashion-MNIST images on the MLP, a few seconds a process. */
    static final String[] RUN = {"train", "--train-limit", "1280", "--test-limit", "200", "--epochs", "3", "--seed", "5"};

    @TempDir
    Path work;

    /** {@link #RUN} with {@code more}, whose options replace those of {@code RUN}. */
    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(RUN));
        for (int i = 0; i < more.length; i++) {
            int at = all.indexOf(more[i]);
            boolean valued = i + 1 < more.length && !more[i + 1].startsWith("--");
            if (at >= 0 && valued) {
                all.set(at + 1, more[++i]);
            } else {
                all.add(more[i]);
                if (valued) {
                    all.add(more[++i]);
                }
            }
        }
        return all.toArray(String[]::new);
    }

    private static Map<String, String> crashAt(String point) {
        return Map.of("DESCENT_JAVA_OPTS", "-Ddescent.crash-point=" + point);
    }

    /** metrics.csv without its timing column: what must be identical between two runs. */
    private static List<String> metrics(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int seconds = header.indexOf("epoch_seconds");
        assertThat(seconds).isNotNegative();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(seconds);
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** The checkpoint's parameter bytes. */
    private static byte[] parameters(Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(dir.resolve("checkpoint.zip").toFile());
                InputStream in = zip.getInputStream(zip.getEntry("parameters.bin"))) {
            return in.readAllBytes();
        }
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.startsWith(".overwritten-")).toList();
        }
    }

    private Path reference() {
        Path dir = work.resolve("reference");
        if (!Files.exists(dir.resolve("checkpoint.zip"))) {
            Result r = DescentProcess.run(work, args("--out", "reference"));
            assertThat(r.status()).as(r.err()).isZero();
        }
        return dir;
    }

    @ParameterizedTest(name = "killed at {0} {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ' ', value = {
        "checkpoint.zip:written@2 ''", // epoch 2's checkpoint complete in its temporary file, not renamed
        "checkpoint.zip:renamed@2 ''", // right after epoch 2's checkpoint is in place
        "metrics.csv:renamed@3 ''", // epoch 2's row written, its checkpoint not yet
        "checkpoint.zip:written@1 ''", // during the first checkpoint: nothing to resume from yet
        // 20 steps an epoch, a checkpoint after every 7th step of the run: #2 is epoch 1 step 14,
        // #4 epoch 2 step 1 (21 steps), #3 the end of epoch 1
        "checkpoint.zip:renamed@2 --checkpoint-every=7", // right after a checkpoint inside epoch 1
        "checkpoint.zip:written@4 --checkpoint-every=7", // while writing one inside epoch 2
    })
    void aRunKilledAtAnyOfItsWritesResumesToTheMetricsAndParametersOfAnUninterruptedRun(String point, String extra) throws IOException {
        Path reference = reference();
        Path dir = work.resolve("killed");
        Started p = DescentProcess.start(crashAt(point), work, extra.isEmpty() ? args("--out", "killed") : args("--out", "killed", extra));
        p.awaitErr("stopped at crash point " + point, 120);
        p.kill();

        Result resumed = DescentProcess.run(work, "train", "--resume", "killed");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(metrics(dir)).as("metrics.csv after the resume").containsExactlyElementsOf(metrics(reference)).hasSize(4);
        assertThat(parameters(dir)).as("final parameters").isEqualTo(parameters(reference));
        assertThat(leftovers(dir)).as("temporary files of the killed process").isEmpty();
        String json = Files.readString(dir.resolve("run.json"));
        assertThat(json).as("run.json keeps the killed start, without an end, and the resume").containsPattern(
                "\"start\": \"new\",\\s*\"started\": \"[^\"]+\",\\s*\"from_epoch\": 0,\\s*\"descent\": \"[^\"]+\",\\s*\"pid\": \\d+\\s*}")
                .containsPattern("\"start\": \"(resume|restart)\"").contains("\"outcome\": \"completed\"");
    }

    @Test
    void sigtermStopsAtAStepBoundaryWithACheckpointAndExit143AndResumeIsExact() throws IOException {
        String[] run = {"train", "--epochs", "4", "--seed", "3", "--test-limit", "500"};
        Result reference = DescentProcess.run(work, concat(run, "--out", "whole"));
        assertThat(reference.status()).as(reference.err()).isZero();

        Started p = DescentProcess.start(Map.of(), work, concat(run, "--out", "stopped"));
        p.awaitOut("epoch 1/4", 120);
        p.process().destroy(); // SIGTERM
        int status = p.waitFor(120);
        String err = p.errText();
        assertThat(status).as(err).isEqualTo(143);
        assertThat(err.lines().toList()).contains("descent: SIGTERM: stopping at the next step with a checkpoint (again to stop at once)")
                .anyMatch(l -> l.matches("descent: stopped by SIGTERM at epoch [1-4], step \\d+; the checkpoint is in stopped/checkpoint.zip;"
                        + " 'descent train --resume stopped' continues the run"));
        assertThat(Files.readString(work.resolve("stopped/run.json"))).contains("\"outcome\": \"stopped by SIGTERM\"");

        Result resumed = DescentProcess.run(work, "train", "--resume", "stopped");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(metrics(work.resolve("stopped"))).containsExactlyElementsOf(metrics(work.resolve("whole"))).hasSize(5);
        assertThat(parameters(work.resolve("stopped"))).isEqualTo(parameters(work.resolve("whole")));
    }

    @Test
    void checkpointEveryIsRefusedForTrainersAndForBadValues() {
        Result trainer = DescentProcess.run(work, args("--trainer", "tp-online", "--checkpoint-every", "5", "--out", "tp"));
        assertThat(trainer.status()).isEqualTo(2);
        assertThat(trainer.errLines()).containsExactly("descent: --checkpoint-every applies to optimizers; trainer 'tp-online' resets"
                + " its per-epoch state at each epoch, so it checkpoints at the end of every epoch only");
        for (String bad : List.of("0", "-3", "5m", "0s", "x")) {
            Result r = DescentProcess.run(work, args("--out", "bad-" + bad, "--checkpoint-every", bad));
            assertThat(r.status()).as(bad).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("descent: --checkpoint-every must be a number of steps (500) or of seconds (300s),"
                    + " got '" + bad + "'");
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void aSecondProcessOnTheSameFolderIsRefusedWithTheHoldersPid() throws IOException {
        Started first = DescentProcess.start(crashAt("metrics.csv:renamed@2"), work, args("--out", "busy"));
        String stopped = first.awaitErr("stopped at crash point", 120);
        String pid = stopped.replaceAll(".*\\(pid (\\d+)\\).*", "$1");
        try {
            for (String[] second : List.of(new String[] {"train", "--resume", "busy", "--epochs", "5"},
                    args("--out", "busy", "--overwrite"))) {
                Result r = DescentProcess.run(work, second);
                assertThat(r.status()).isEqualTo(2);
                assertThat(r.errLines()).containsExactly("descent: run folder 'busy' is in use by another descent process (pid " + pid
                        + "); wait for it to finish, or give another --out");
            }
        } finally {
            first.kill();
        }
        assertThat(work.resolve("busy/run.json")).as("the first run's record is untouched").isRegularFile();
    }

    @Test
    void aFolderThatHoldsARunOrAnythingElseIsNotWrittenIntoWithoutBeingAsked() throws IOException {
        Result first = DescentProcess.run(work, args("--out", "runs/x", "--epochs", "1"));
        assertThat(first.status()).as(first.err()).isZero();
        byte[] before = Files.readAllBytes(work.resolve("runs/x/checkpoint.zip"));

        Result again = DescentProcess.run(work, args("--out", "runs/x", "--epochs", "1"));
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.errLines()).containsExactly("descent: output directory 'runs/x' holds a run already; --resume runs/x continues"
                + " it, --overwrite replaces it, or give another --out");
        assertThat(Files.readAllBytes(work.resolve("runs/x/checkpoint.zip"))).isEqualTo(before);

        Files.createDirectories(work.resolve("notes"));
        Files.writeString(work.resolve("notes/todo.txt"), "mine");
        for (String[] a : List.of(args("--out", "notes"), args("--out", "notes", "--overwrite"))) {
            Result r = DescentProcess.run(work, a);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("descent: output directory 'notes' is not empty and holds no descent run (todo.txt);"
                    + " give an empty or new --out");
        }
        assertThat(Files.readString(work.resolve("notes/todo.txt"))).isEqualTo("mine");
        try (Stream<Path> s = Files.list(work.resolve("notes"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("todo.txt", ".lock");
        }

        Files.writeString(work.resolve("runs/x/old-plot-by-hand.png"), "x");
        Result over = DescentProcess.run(work, args("--out", "runs/x", "--overwrite", "--epochs", "2", "--seed", "9"));
        assertThat(over.status()).as(over.err()).isZero();
        assertThat(work.resolve("runs/x/old-plot-by-hand.png")).as("the old run went as a whole").doesNotExist();
        assertThat(Files.readAllLines(work.resolve("runs/x/metrics.csv"))).hasSize(3);
        assertThat(Files.readString(work.resolve("runs/x/run.json"))).contains("\"start\": \"overwrite\"").doesNotContain("\"start\": \"new\"");
    }

    @Test
    void resumeContinuesTheRunAsPlannedAndRefusesWhatWouldChangeIt() throws IOException {
        Result cosine = DescentProcess.run(work, args("--out", "cos", "--epochs", "2", "--schedule", "cosine"));
        assertThat(cosine.status()).as(cosine.err()).isZero();
        Path record = work.resolve("cos/run.json");
        String json = Files.readString(record);
        String metrics = Files.readString(work.resolve("cos/metrics.csv"));

        Map<String[], String> refused = new java.util.LinkedHashMap<>();
        refused.put(new String[] {"--epochs", "2"}, "descent: the run in 'cos' is complete (2 of 2 epochs); --epochs N with N > 2 extends it");
        refused.put(new String[] {"--epochs", "1"}, "descent: --epochs 1 on --resume: the run in 'cos' has finished 2 epochs already;"
                + " give --epochs larger than 2 to continue it");
        refused.put(new String[] {"--epochs", "3"}, "descent: --epochs 3 would extend a run planned for 2 epochs whose schedule 'cosine'"
                + " is shaped by that total (it reaches its final rate at epoch 2); start a new run with --out and --epochs 3 instead");
        refused.put(new String[] {"--epochs", "3", "--lr", "0.05"}, "descent: --lr cannot change on --resume (the run in 'cos' used 0.1,"
                + " not 0.05); start a new run with --out instead");
        refused.put(new String[] {"--overwrite"}, "descent: --overwrite and --resume contradict each other: --resume continues the run"
                + " in 'cos', --overwrite would replace it; give one");
        for (Map.Entry<String[], String> e : refused.entrySet()) {
            List<String> a = new ArrayList<>(List.of("train", "--resume", "cos"));
            a.addAll(List.of(e.getKey()));
            Result r = DescentProcess.run(work, a.toArray(String[]::new));
            assertThat(r.status()).as(String.join(" ", a)).isEqualTo(2);
            assertThat(r.errLines()).containsExactly(e.getValue());
        }
        assertThat(Files.readString(record)).as("run.json is not rewritten by a refused resume").isEqualTo(json);
        assertThat(Files.readString(work.resolve("cos/metrics.csv"))).isEqualTo(metrics);

        Result constant = DescentProcess.run(work, args("--out", "const", "--epochs", "2"));
        assertThat(constant.status()).as(constant.err()).isZero();
        String created = Files.readString(work.resolve("const/run.json")).replaceAll("(?s).*\"created\": \"([^\"]+)\".*", "$1");
        Result same = DescentProcess.run(work, "train", "--resume", "const", "--epochs", "3", "--lr", "0.1");
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.out()).contains("descent: extending the run in 'const' from 2 to 3 epochs; the schedule 'constant' does not"
                + " depend on the total and continues as it is");
        String extended = Files.readString(work.resolve("const/run.json"));
        assertThat(extended).containsPattern("\"epochs\": \"?3");
        assertThat(extended.split("\"start\": ", -1)).as("two starts in the history").hasSize(3);
        assertThat(extended).as("the creation time survives the resume").contains("\"created\": \"" + created + "\"")
                .contains("\"started\": \"" + created + "\"");
    }

    @Test
    void resumeOfAFolderWithoutARunCreatesNothing() {
        Result r = DescentProcess.run(work, "train", "--resume", "nothing-here");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains("no run to resume");
        assertThat(work.resolve("nothing-here")).doesNotExist();
    }
}
