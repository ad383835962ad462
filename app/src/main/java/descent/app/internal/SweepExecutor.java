package descent.app.internal;

import descent.engine.DivergedException;
import descent.engine.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the runs of a {@link Sweep}: each is looked at in its folder first, so a finished run is
 * never trained again and an interrupted one continues from its checkpoint. A run that diverges is
 * a result: its folder gets {@link Sweep#DIVERGED} and the other runs go on.
 */
interface SweepExecutor {

    /** Trains {@code runs} (some or all of {@code sweep}'s), printing one tagged line per event to the executor's stream. */
    void execute(Sweep sweep, List<Sweep.Run> runs);

    /** The executor of {@code descent compare}: one run after another, in this process. */
    final class Local implements SweepExecutor {
        private final TrainRunner runner;
        private final PrintStream out;

        Local(TrainRunner runner, PrintStream out) {
            this.runner = runner;
            this.out = out;
        }

        @Override
        public void execute(Sweep sweep, List<Sweep.Run> runs) {
            int count = 0;
            for (Sweep.Run run : runs) {
                count++;
                String tag = String.format(Locale.ROOT, "[%d/%d %s, init %d/%d] ", count, runs.size(), sweep.label(run), run.init() + 1,
                        sweep.inits());
                Sweep.Status status = Sweep.status(run);
                if (status.note() != null) {
                    out.println(tag + status.note());
                }
                if (status.state() == Sweep.State.DONE) {
                    out.println(tag + "done already (" + run.dir().resolve(TrainRunner.METRICS) + ")");
                    continue;
                }
                if (status.state() == Sweep.State.DIVERGED) {
                    out.println(tag + "diverged before: " + readMarker(run.dir().resolve(Sweep.DIVERGED))
                            + " (delete " + run.dir().resolve(Sweep.DIVERGED) + " to train it again)");
                    continue;
                }
                try {
                    runner.run(run.setup(), run.dir(), status.checkpoint(), tag);
                } catch (DivergedException e) {
                    // One arm diverging is a result of the comparison, not the end of it.
                    AtomicFiles.writeString(run.dir().resolve(Sweep.DIVERGED), e.getMessage() + "\n");
                    out.println(tag + e.getMessage() + "; recorded in " + run.dir().resolve(Sweep.DIVERGED) + ", going on with the other runs");
                }
            }
        }
    }

    /**
     * {@code compare --spark [MASTER]}: the runs as Spark tasks, one a run, trained by a class-path
     * driver process ({@code descent.spark.SweepDriver}) that writes each finished run into its
     * folder. This process holds every run's folder lock meanwhile, so no other descent writes them.
     */
    final class Spark implements SweepExecutor {
        /**
         * The part a task trains before it returns the run with its checkpoint ({@code --pause-after}):
         * an executor lost mid-run then costs at most this much of the run's training, at a task's start-up
         * (about a second) per part.
         */
        static final String DEFAULT_CHUNK = "2m";

        private final String master;
        private final Pause chunk;
        private final PrintStream out;

        Spark(String master, Pause chunk, PrintStream out) {
            this.master = master;
            this.chunk = chunk;
            this.out = out;
        }

        @Override
        public void execute(Sweep sweep, List<Sweep.Run> runs) {
            List<Sweep.Run> todo = new java.util.ArrayList<>();
            // each folder read once (a status parses the checkpoint): whether it resumes is needed again below
            java.util.Set<Sweep.Run> resume = new java.util.HashSet<>();
            for (Sweep.Run run : runs) {
                Sweep.State state = Sweep.status(run).state();
                if (state == Sweep.State.RESUME) {
                    resume.add(run);
                }
                if (state == Sweep.State.DONE || state == Sweep.State.DIVERGED) {
                    out.println("[" + sweep.label(run) + ", init " + (run.init() + 1) + "] " + (state == Sweep.State.DONE ? "done already"
                            : "diverged before") + " (" + run.dir() + ")");
                } else {
                    todo.add(run);
                }
            }
            if (todo.isEmpty()) {
                return;
            }
            String home = System.getProperty("descent.home");
            if (home == null) {
                throw new descent.api.DescentException("--spark starts its driver from the descent distribution; run it with the"
                        + " ./descent launcher");
            }
            SparkSupport.Layout layout = SparkSupport.require(Path.of(home));
            List<RunFolder> locks = new java.util.ArrayList<>();
            Path plan = sweep.outDir().resolve(".spark-plan.json");
            Path log4j = sweep.outDir().resolve(".spark-log4j2.properties");
            // Spark logs through SLF4J, which finds descent's Logback first on the class path: errors only
            Path logback = sweep.outDir().resolve(".spark-logback.xml");
            try {
                for (Sweep.Run run : todo) {
                    locks.add(RunFolder.lock(run.dir()));
                }
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("name", sweep.preset().name());
                json.put("master", master);
                json.put("epochs", sweep.first().epochs);
                json.put("chunk", chunk.text());
                if (!master.startsWith("local")) {
                    // a cluster's executors get descent's jars (and the plugins) from the driver, not from a shared disk
                    json.put("jars", layout.descentJars().stream().map(p -> p.toUri().toString()).toList());
                    List<String> options = new java.util.ArrayList<>(executorOptions());
                    options.addAll(SparkSupport.MODULE_OPTIONS);
                    options.addAll(vectorModule());
                    json.put("executor-java-options", String.join(" ", options));
                }
                List<Object> list = new java.util.ArrayList<>();
                for (Sweep.Run run : todo) {
                    java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                    r.put("label", sweep.label(run));
                    r.put("init", run.init());
                    r.put("dir", run.dir().toAbsolutePath().toString());
                    r.put("resume", resume.contains(run));
                    java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
                    config.put("options", run.setup().config.withOut(run.dir().toAbsolutePath()).options());
                    config.put("hyperparameters", run.setup().hyperparameters());
                    r.put("config", config);
                    list.add(r);
                }
                json.put("runs", list);
                descent.engine.report.JsonFiles.write(plan, json);
                descent.engine.report.AtomicFiles.writeString(log4j, "rootLogger.level = warn\nrootLogger.appenderRef.stderr.ref = console\n"
                        + "appender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\n"
                        + "appender.console.layout.type = PatternLayout\nappender.console.layout.pattern = spark: %p %c{1}: %m%n\n"
                        // Hadoop's "Unable to load native-hadoop library" on every start: descent reads and writes no HDFS
                        + "logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader\nlogger.hadoop.level = error\n");
                descent.engine.report.AtomicFiles.writeString(logback, "<configuration><appender name=\"err\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                        + "<target>System.err</target><encoder><pattern>spark: %level %logger{0}: %msg%n</pattern></encoder></appender>"
                        + "<logger name=\"org.apache.spark.scheduler.TaskSetManager\" level=\"WARN\"/>"
                        + "<logger name=\"org.apache.hadoop.util.NativeCodeLoader\" level=\"ERROR\"/>"
                        + "<root level=\"ERROR\"><appender-ref ref=\"err\"/></root></configuration>\n");
                out.println("compare: " + todo.size() + " run" + (todo.size() == 1 ? "" : "s") + " on Spark " + layout.version() + " ("
                        + layout.source() + "), master " + master);
                int status = drive(layout, plan, log4j, logback);
                if (status != 0) {
                    throw new descent.api.DescentException("compare --spark: the Spark driver ended with status " + status
                            + " (its lines above say which runs failed); the runs that landed are kept, and the same command goes on");
                }
            } finally {
                locks.forEach(RunFolder::close);
                try {
                    Files.deleteIfExists(plan);
                    Files.deleteIfExists(log4j);
                    Files.deleteIfExists(logback);
                } catch (IOException e) {
                    out.println("compare: cannot remove " + plan + ": " + e.getMessage());
                }
            }
        }

        /** The Vector API for the driver's and executors' JVMs when this one has it (the fast executor's kernels use it). */
        private static List<String> vectorModule() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? List.of("--add-modules=jdk.incubator.vector") : List.of();
        }

        /**
         * The JVM options of the driver and the executors. {@code maxphysicalbytes=0}: javacpp reads the
         * process's resident size on every native allocation while it holds one JVM-wide lock, and the
         * trainings that an executor runs side by side (one a core) then wait for each other there;
         * {@code maxbytes} still bounds what javacpp allocates.
         */
        private static List<String> executorOptions() {
            List<String> o = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxbytes=6g",
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=0"));
            for (String p : List.of("org.bytedeco.javacpp.cachedir", "org.bytedeco.javacpp.platform.extension")) {
                if (System.getProperty(p) != null) {
                    o.add("-D" + p + "=" + System.getProperty(p));
                }
            }
            return o;
        }

        private int drive(SparkSupport.Layout layout, Path plan, Path log4j, Path logback) {
            List<String> command = new java.util.ArrayList<>();
            command.add(SparkSupport.java(System.getenv()));
            command.addAll(List.of("-Xms64m", "-Xmx4g"));
            command.addAll(executorOptions());
            command.addAll(SparkSupport.MODULE_OPTIONS);
            command.addAll(vectorModule());
            DriverArchive archive = DriverArchive.of(layout, command.get(0), System.getenv());
            command.addAll(archive.options());
            if (archive.writes()) {
                out.println("compare: the Spark driver saves its class-data archive as it exits (once for this Spark and java: about 10 s;"
                        + " later drivers start about 1.5 s sooner; DESCENT_NO_CDS=1 turns it off)");
            }
            command.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
            command.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, layout.classPath().stream().map(Path::toString).toList()));
            command.add("descent.spark.SweepDriver");
            command.add(plan.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            // the driver and a local master talk over loopback unless the environment says otherwise
            pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.startsWith("WARNING: Using incubator modules") && !line.startsWith("SLF4J")) {
                            out.println(line);
                        }
                    }
                }
                int status = p.waitFor();
                archive.finish(status == 0);
                return status;
            } catch (IOException e) {
                throw new descent.api.DescentException("cannot start the Spark driver (" + command.get(0) + "): " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new descent.api.DescentException("interrupted while the Spark driver ran");
            }
        }
    }

    /**
     * Class-data sharing for the Spark driver's JVM: its start loads about 13 000 classes from
     * Spark's and descent's jars (the context alone takes 2 s of a 5 s start on this machine), and an
     * archive of them, written by the first driver as it exits ({@code -XX:ArchiveClassesAtExit}),
     * starts every later one about 1.5 s sooner. It lives beside the launcher's own archive,
     * {@code lib/descent.jsa.spark-driver}, which the build deletes and the tarball leaves out, with
     * a key of the java and of every class-path jar (path, size, time): another Spark, java or
     * build makes a new one. The JVM checks the jars too and runs without the archive when they
     * differ. {@code DESCENT_NO_CDS} turns it off, as it does the launcher's.
     */
    record DriverArchive(Path archive, Path dump, String key, List<String> options) {
        static final String NAME = "descent.jsa.spark-driver";
        /** Beside the archive: what it was made from ({@link #key}). */
        static final String KEY = NAME + ".key";
        private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

        static DriverArchive of(SparkSupport.Layout layout, String java, java.util.Map<String, String> env) {
            Path lib = layout.home().resolve("lib");
            if (env.get("DESCENT_NO_CDS") != null || !Files.isDirectory(lib)) {
                return new DriverArchive(null, null, null, List.of());
            }
            Path archive = lib.resolve(NAME);
            String key = key(java, layout.classPath());
            String current;
            try {
                current = Files.isRegularFile(archive) ? Files.readString(lib.resolve(KEY)) : null;
            } catch (IOException e) {
                current = null;
            }
            if (key.equals(current)) {
                List<String> o = new java.util.ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
                o.addAll(QUIET);
                return new DriverArchive(archive, null, key, o);
            }
            if (!Files.isWritable(lib)) {
                return new DriverArchive(null, null, null, List.of());
            }
            Path dump = lib.resolve(NAME + "." + ProcessHandle.current().pid());
            List<String> o = new java.util.ArrayList<>(List.of("-XX:ArchiveClassesAtExit=" + dump));
            o.addAll(QUIET);
            return new DriverArchive(archive, dump, key, o);
        }

        /** Whether this driver writes the archive as it exits. */
        boolean writes() {
            return dump != null;
        }

        /** After the driver: a written archive goes into place (archive first, key last), or what it wrote is removed. */
        void finish(boolean ok) {
            if (dump == null) {
                return;
            }
            try {
                if (ok && Files.isRegularFile(dump) && Files.size(dump) > 0) {
                    Files.move(dump, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    AtomicFiles.writeString(archive.resolveSibling(KEY), key);
                } else {
                    Files.deleteIfExists(dump);
                }
            } catch (IOException e) {
                // an archive is an optimisation: without it the next driver starts as this one did
            }
        }

        static String key(String java, List<Path> classPath) {
            StringBuilder b = new StringBuilder();
            Path resolved = Path.of(java);
            try {
                resolved = resolved.isAbsolute() ? resolved.toRealPath() : resolved;
            } catch (IOException e) {
                // keep the name as given
            }
            b.append("java ").append(resolved).append(' ').append(stamp(resolved)).append('\n');
            for (Path jar : classPath) {
                b.append(jar.toAbsolutePath()).append(' ').append(stamp(jar)).append('\n');
            }
            return b.toString();
        }

        private static String stamp(Path p) {
            try {
                return Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return "-";
            }
        }
    }

    /** The first line of a divergence marker. */
    static String readMarker(Path marker) {
        try {
            return Files.readString(marker).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
    }
}
