package descent.spark;

import descent.engine.report.JsonFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark side of {@code descent compare --spark}: a class-path program that the module-path
 * application starts with a plan ({@code spark-plan.json}: the master and every run still to
 * train, with its configuration and, to resume, its folder). Each run is one Spark task: the
 * executor trains it with descent's own {@code train} in a temporary folder, from the folder the
 * driver sent when the run has a checkpoint, and returns the run's folder; the driver writes it into
 * the run's place in {@code --out}, so executors need no shared file system. A task trains a part of
 * its run ({@code train --pause-after CHUNK}, the plan's {@code chunk}) and returns it with its
 * checkpoint; the driver lands it and submits the next part from it, so an executor lost mid-run
 * costs at most one part, never the run. A task whose executor
 * dies is run again by Spark from the same input; runs are deterministic, so its result is the one
 * the lost task would have returned.
 *
 * <p>Exit status: 0 when every run landed (trained or diverged), 2 when a run failed, with one line.
 */
public final class SweepDriver {

    private SweepDriver() {
    }

    /** One run to train, as a task gets it. */
    record Task(String label, int init, int epochs, String chunk, String config, byte[] folder) implements Serializable {
        /** The same run, to go on from {@code folder} (its folder as the driver holds it, zipped). */
        Task next(byte[] folder) {
            return new Task(label, init, epochs, chunk, config, folder);
        }
    }

    /** What a task returns: the run's folder, zipped, the exit status of its {@code train} and what it printed on stderr. */
    record Result(String label, int init, int status, String err, byte[] folder) implements Serializable {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("descent spark driver: usage: SweepDriver PLAN.json");
            System.exit(2);
        }
        Map<String, Object> plan = (Map<String, Object>) JsonFiles.read(Path.of(args[0]));
        String master = (String) plan.get("master");
        List<Map<String, Object>> runs = (List<Map<String, Object>>) plan.get("runs");
        SparkConf conf = new SparkConf().setMaster(master).setAppName("descent compare " + plan.get("name"))
                .set("spark.ui.enabled", "false").set("spark.task.maxFailures", "4")
                // one run a core, each with one native thread, as a local compare trains them
                .set("spark.executor.cores", String.valueOf(plan.getOrDefault("executor-cores", "1")));
        if (plan.get("jars") instanceof List<?> jars && !jars.isEmpty()) {
            conf.set("spark.jars", String.join(",", (List<String>) jars));
        }
        if (plan.get("executor-java-options") instanceof String options) {
            conf.set("spark.executor.extraJavaOptions", options);
        }
        int failures = 0;
        int epochs = ((Number) plan.get("epochs")).intValue();
        String chunk = (String) plan.get("chunk");
        if (master.startsWith("local")) {
            // the tasks run in this JVM: descent's first start in it happens while Spark starts its context
            warmUp = new Thread(SweepDriver::warmUp, "descent-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<Submitted> pending = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                Path dir = Path.of((String) run.get("dir"));
                Task task = new Task((String) run.get("label"), ((Number) run.get("init")).intValue(), epochs, chunk,
                        JsonFiles.write(run.get("config")), Boolean.TRUE.equals(run.get("resume")) ? zip(dir) : null);
                // one job a run, submitted together: Spark runs as many at once as it has cores, and each lands when it ends
                pending.add(submit(sc, task, dir, 0));
            }
            int total = pending.size();
            int landed = 0;
            while (!pending.isEmpty()) {
                Submitted next = pending.stream().filter(p -> p.future().isDone()).findFirst().orElse(null);
                if (next == null) {
                    Thread.sleep(50);
                    continue;
                }
                pending.remove(next);
                Task task = next.task();
                String tag = String.format(Locale.ROOT, "[spark %d/%d %s, init %d] ", landed + 1, total, task.label(), task.init() + 1);
                Result r;
                try {
                    r = next.future().get().get(0);
                } catch (java.util.concurrent.ExecutionException e) {
                    // Spark gave up on the task after spark.task.maxFailures attempts
                    System.out.println(tag + "failed: " + firstLine(e.getCause()));
                    landed++;
                    failures++;
                    continue;
                }
                Outcome outcome = land(r, next.dir(), tag);
                if (outcome == Outcome.PAUSED) {
                    // a part of the run (--pause-after): its checkpoint is in the run's folder here; the next part starts from it
                    pending.add(submit(sc, task.next(zip(next.dir())), next.dir(), next.interruptions()));
                    continue;
                }
                if (outcome == Outcome.INTERRUPTED && next.interruptions() < MAX_INTERRUPTIONS) {
                    // an executor asked to stop (decommissioned, preempted) checkpointed the run: it goes on from there
                    System.out.println(tag + "interrupted with a checkpoint; resubmitted from it");
                    pending.add(submit(sc, task.next(zip(next.dir())), next.dir(), next.interruptions() + 1));
                    continue;
                }
                landed++;
                if (outcome != Outcome.LANDED) {
                    failures++;
                }
            }
        }
        System.exit(failures == 0 ? 0 : 2);
    }

    /** How often one run may be stopped by its executor and resubmitted from its checkpoint. */
    private static final int MAX_INTERRUPTIONS = 4;

    private enum Outcome { LANDED, PAUSED, INTERRUPTED, FAILED }

    private record Submitted(Task task, Path dir, int interruptions, JavaFutureAction<List<Result>> future) {
    }

    private static Submitted submit(JavaSparkContext sc, Task task, Path dir, int interruptions) {
        return new Submitted(task, dir, interruptions, sc.parallelize(List.of(task), 1).map(SweepDriver::train).collectAsync());
    }

    private static String firstLine(Throwable e) {
        String m = e == null ? "unknown" : String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(e.getClass().getName());
    }

    /**
     * Writes a task's folder into {@code dir} (replacing what was there): a finished run, a diverged
     * one, or one that its executor's SIGTERM stopped with a checkpoint (exit 130 or 143, INTERRUPTED).
     */
    @SuppressWarnings("unchecked")
    private static Outcome land(Result r, Path dir, String tag) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path fresh = Files.createTempDirectory(parent, "." + dir.getFileName() + ".landing-");
        unzip(r.folder(), fresh);
        Path runJson = fresh.resolve("run.json");
        String outcome = null;
        if (Files.isRegularFile(runJson)) {
            Map<String, Object> json = (Map<String, Object>) JsonFiles.read(runJson);
            ((Map<String, Object>) json.get("options")).put("out", dir.toString());
            List<Map<String, Object>> history = (List<Map<String, Object>>) json.get("history");
            outcome = history == null || history.isEmpty() ? null : (String) history.get(history.size() - 1).get("outcome");
            JsonFiles.write(runJson, json);
        }
        String message = r.err().lines().filter(l -> l.startsWith("descent: ") && !l.startsWith("descent: warning")).reduce((a, b) -> b)
                .map(l -> l.substring("descent: ".length())).orElse("exit status " + r.status());
        boolean stopped = (r.status() == 130 || r.status() == 143) && Files.isRegularFile(fresh.resolve("checkpoint.zip"));
        if (r.status() != 0 && "diverged".equals(outcome)) {
            Files.writeString(fresh.resolve("diverged.txt"), message + "\n", StandardCharsets.UTF_8);
        } else if (r.status() != 0 && !stopped) {
            System.out.println(tag + "failed: " + message);
            deleteTree(fresh);
            return Outcome.FAILED;
        }
        replaceContents(dir, fresh);
        if (stopped) {
            return Outcome.INTERRUPTED;
        }
        if (r.status() == 0 && outcome != null && outcome.startsWith("paused after epoch")) {
            System.out.println("[spark " + r.label() + ", init " + (r.init() + 1) + "] " + outcome.substring(0, outcome.indexOf(" ("))
                    + "; the next part continues from its checkpoint");
            return Outcome.PAUSED;
        }
        System.out.println(tag + ("diverged".equals(outcome) ? message : "trained") + " (" + dir + ")");
        return Outcome.LANDED;
    }

    /** The files a run folder is read by, in the order they are written: a crash between two leaves what a kill in training leaves. */
    private static final List<String> LAST = List.of("checkpoint.zip", "run.json", "model.zip");

    /**
     * Moves every file of {@code fresh} into {@code dir}, each atomically, {@code checkpoint.zip},
     * {@code run.json} and {@code model.zip} last, and removes what {@code dir} had besides (but the
     * {@code .lock} the application holds).
     */
    private static void replaceContents(Path dir, Path fresh) throws IOException {
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> s = Files.walk(fresh)) {
            files = s.filter(Files::isRegularFile).sorted(Comparator.comparing((Path p) -> LAST.indexOf(fresh.relativize(p).toString()))
                    .thenComparing(Comparator.naturalOrder())).toList();
        }
        java.util.Set<Path> kept = new java.util.HashSet<>();
        for (Path f : files) {
            Path target = dir.resolve(fresh.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            kept.add(target);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!kept.contains(p) && !p.getFileName().toString().equals(".lock")) {
                    Files.delete(p);
                }
            }
        }
        deleteTree(fresh);
    }

    /** The warm-up of a local master, which the first tasks wait for; null elsewhere. */
    private static volatile Thread warmUp;

    /**
     * Trains a run of a few steps on a small generated data set and throws it away: the first start
     * of descent in a JVM (its plugins, Guice, ND4J's native libraries, DL4J and the training loop's
     * classes, about a second) then overlaps the Spark context's start, which uses one core. It
     * touches nothing the runs read: each run seeds everything it draws.
     */
    private static void warmUp() {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("descent-warm-up-");
            PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            descent.app.Main.run(new String[] {"train", "--dataset", "rings", "--samples", "256", "--test-samples", "64", "--hidden", "8",
                    "--batch-size", "32", "--epochs", "1", "--out", tmp.resolve("run").toString()}, sink, sink);
        } catch (IOException | RuntimeException e) {
            // a warm-up only saves time; the first task starts descent itself
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** On an executor: trains the run in a temporary folder with descent's {@code train} and returns the folder. */
    static Result train(Task task) throws IOException {
        Thread warm = warmUp;
        if (warm != null) {
            try {
                warm.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while descent warmed up", e);
            }
        }
        Path tmp = Files.createTempDirectory("descent-task-");
        try {
            Path run = tmp.resolve("run");
            String[] argv;
            if (task.folder() != null) {
                unzip(task.folder(), run);
                argv = new String[] {"train", "--resume", run.toString(), "--epochs", Integer.toString(task.epochs()), "--pause-after", task.chunk()};
            } else {
                Path config = tmp.resolve("config.json");
                Files.writeString(config, task.config(), StandardCharsets.UTF_8);
                argv = new String[] {"train", "--config", config.toString(), "--out", run.toString(), "--pause-after", task.chunk()};
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = descent.app.Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(task.label(), task.init(), status, err.toString(StandardCharsets.UTF_8),
                    Files.isDirectory(run) ? zip(run) : zipNothing());
        } finally {
            deleteTree(tmp);
        }
    }

    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (name.equals(".lock")) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zipNothing() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ZipOutputStream(bytes).close();
        return bytes.toByteArray();
    }

    static void unzip(byte[] data, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("zip entry outside the run folder: " + e.getName());
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    /** For {@code descent doctor}: the Spark version on this class path. */
    public static String version() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

}
