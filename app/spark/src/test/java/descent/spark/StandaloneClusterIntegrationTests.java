package descent.spark;

import static descent.spark.SparkCompareIntegrationTests.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1, started from this module's Spark jars: a master and
 * two workers with one core each, every one its own JVM. A sweep is submitted to it, one worker (and
 * its executor) is killed with SIGKILL once the sweep is under way, and the sweep must still complete
 * with every run's metrics equal to a local {@code compare} of the same configuration. The runs go in
 * parts of one epoch ({@code --spark-chunk 1}), so the part the dead executor had is run again from
 * the checkpoint of the part before it, which the driver holds.
 */
class StandaloneClusterIntegrationTests {

    @TempDir
    Path work;

    private final List<Process> cluster = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : cluster) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process start(String name, List<String> args) throws IOException {
        Path sparkHome = Path.of(System.getProperty("spark.home", "target/spark-home")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dspark.worker.timeout=10", "-Dspark.master.rest.enabled=false", "-Dspark.ui.showConsoleProgress=false",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "-cp", sparkHome.resolve("jars") + "/*"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        cluster.add(p);
        return p;
    }

    private void await(String log, String text, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Path file = work.resolve(log + ".log");
            if (Files.exists(file) && Files.readString(file).split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(log + " never said '" + text + "' " + count + " times:\n" + Files.readString(work.resolve(log + ".log")));
    }

    /** Every executor's stderr under a worker's work folder, as the worker wrote it. */
    private static String executorLogs(Path workDir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(workDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void aSweepSurvivesAWorkerKilledWithSigkillAndEndsWithTheLocalMetrics() throws Exception {
        int port = freePort();
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort())));
        await("master", "I have been elected leader", 1);
        String url = "spark://127.0.0.1:" + port;
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(start("worker" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "3g", "--webui-port", Integer.toString(freePort()), "--work-dir", work.resolve("work" + w).toString(), url)));
        }
        await("master", "Registering worker", 2);

        List<String> sweep = List.of("compare", "--optimizers", "sgd,heavy-ball,adam", "--dataset", "rings", "--samples", "50000",
                "--test-samples", "1000", "--hidden", "32,32", "--lr", "0.02", "--batch-size", "4", "--inits", "2", "--epochs", "4");
        Path local = work.resolve("local");
        List<String> plain = new ArrayList<>(sweep);
        plain.addAll(List.of("--out", local.toString()));
        SparkCompareIntegrationTests.Result reference = SparkCompareIntegrationTests.descent(Map.of(), plain.toArray(String[]::new));
        assertThat(reference.status()).as(reference.out()).isZero();

        Path out = work.resolve("cluster");
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("descent.launcher", "../../descent")));
        command.addAll(sweep);
        // each task trains one epoch of its run and returns it with its checkpoint: the kill costs the part under way, not the run
        command.addAll(List.of("--out", out.toString(), "--spark", url, "--spark-chunk", "1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(SparkCompareIntegrationTests.SPARK);
        Process descent = pb.start();
        descent.getOutputStream().close();
        StringBuilder printed = new StringBuilder();
        CountDownLatch firstLanded = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(descent.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (printed) {
                        printed.append(line).append('\n');
                    }
                    if (line.startsWith("[spark ")) {
                        firstLanded.countDown();
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        assertThat(firstLanded.await(300, TimeUnit.SECONDS)).as("a first part landed:\n" + printed).isTrue();
        // both executors have taken their next part (about a second each) by now: the kill lands in the middle of one
        Thread.sleep(1000);
        Process victim = workers.get(0);
        List<ProcessHandle> executors = victim.descendants().toList();
        assertThat(executors).as("worker 0 runs an executor").isNotEmpty();
        executors.forEach(ProcessHandle::destroyForcibly);
        victim.destroyForcibly();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(descent.waitFor(600, TimeUnit.SECONDS)).as(printed.toString()).isTrue();
        reader.join(10_000);
        String output;
        synchronized (printed) {
            output = printed.toString();
        }
        // kept for a look at what the driver saw: target/cluster-sweep.log
        Files.writeString(Path.of("target", "cluster-sweep.log"), output);
        assertThat(descent.exitValue()).as(output).isZero();
        assertThat(output).contains("6 runs on Spark", "master " + url, "Lost executor", "[spark 6/6 ", "compare: wrote",
                "paused after epoch 3; the next part continues from its checkpoint");
        // the killed worker's executor had started a task that it never finished: Spark ran that run again elsewhere
        String executorLog = executorLogs(work.resolve("work0"));
        assertThat(count(executorLog, "Running task")).as(executorLog).isGreaterThan(count(executorLog, "Finished task"));
        // heavy-ball is the optimizers-ode plugin's: its jar reached the executors through spark.jars
        for (String arm : List.of("sgd", "heavy-ball", "adam")) {
            for (int i = 0; i < 2; i++) {
                String run = arm + "/init-" + i;
                assertThat(rows(out.resolve(run + "/metrics.csv"), 8)).as(run).isEqualTo(rows(local.resolve(run + "/metrics.csv"), 8)).hasSize(5);
            }
        }
        assertThat(rows(out.resolve("summary.csv"), 11)).isEqualTo(rows(local.resolve("summary.csv"), 11));
    }
}
