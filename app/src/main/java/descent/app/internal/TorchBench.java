package descent.app.internal;

import descent.api.DescentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code descent bench --against torch}: seed 000's two networks trained for two epochs of SGD by
 * descent's fast executor, by its DL4J executor and by PyTorch, on the same Fashion-MNIST files,
 * batch, learning rate and thread count, each side a fresh process per round, in an order that
 * rotates from round to round so that machine noise hits every side alike. Reports per-step and
 * per-epoch medians, the ratios fast / PyTorch and fast / DL4J (ratio of medians and median of the
 * per-round ratios), and each process's peak resident memory. A benchmark, never a test: nothing
 * is asserted.
 *
 * <p>Each descent side is {@code descent train --epochs 2}; its time is the second epoch's
 * {@code epoch_seconds} (the shuffle and the mini-batch loop; not loading, testing or writing),
 * the first epoch (JIT compilation included) is reported beside it.
 * The PyTorch side ({@code torch_bench.py}, shipped in this jar) times the same part. A DL4J side
 * can be cut to its first {@code --dl4j-steps} steps (a DL4J LeNet epoch takes minutes); its
 * epoch time is then that time scaled to a full epoch, and the table says so.
 */
final class TorchBench {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int TRAIN = 60_000;

    private final PrintStream out;

    TorchBench(PrintStream out) {
        this.out = out;
    }

    /** One side: an executor of descent, or PyTorch. */
    private record Side(String name, String executor) {
        boolean torch() {
            return executor == null;
        }
    }

    /**
     * One process's measurement: seconds of its second epoch and of its first (JIT compilation and
     * allocation happen there), each for a full epoch (scaled if cut), steps run, peak RSS in KiB.
     */
    private record Run(double epochSeconds, double firstEpochSeconds, int steps, long peakKiB, boolean scaled) {
    }

    int run(Args args) {
        List<String> models = List.of(args.take("models", "mlp,lenet").split(","));
        int rounds = args.takeInt("rounds", 3, 1);
        int batch = args.takeInt("batch-size", 64, 1);
        double lr = args.takeReal("lr", 0.01, true);
        int threads = args.takeInt("threads", 1, 1);
        int dl4jSteps = args.takeInt("dl4j-steps", 150, 0);
        List<String> executors = List.of(args.take("executors", "fast,dl4j").split(","));
        Path data = Path.of(args.take("data-dir", FASHION.toString()));
        String python = args.take("python", null);
        if (!args.remaining().isEmpty()) {
            throw new DescentException("unknown option '--" + args.remaining().keySet().iterator().next() + "' for bench --against torch;"
                    + " known: --models, --rounds, --batch-size, --lr, --threads, --executors, --dl4j-steps, --data-dir, --python");
        }
        for (String m : models) {
            if (!m.equals("mlp") && !m.equals("lenet")) {
                throw new DescentException("--models takes mlp and lenet, got '" + m + "'");
            }
        }
        for (String e : executors) {
            descent.engine.Executor.parse(e);
        }
        String home = System.getProperty("descent.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "descent"))) {
            throw new DescentException("bench --against torch runs descent in fresh processes and needs the launcher;"
                    + " run it as bin/descent (or ./descent in a checkout), not from a class path");
        }
        if (!Files.isDirectory(data)) {
            throw new DescentException("no Fashion-MNIST in '" + data + "'; install Debian's dataset-fashion-mnist or pass --data-dir");
        }
        String py = python != null ? python : findTorch();
        Path script = script();
        List<Side> sides = new ArrayList<>();
        executors.forEach(e -> sides.add(new Side("descent " + e, e)));
        sides.add(new Side("pytorch", null));
        out.printf(Locale.ROOT, "bench: SGD epochs (batch %d, lr %s) of %s on Fashion-MNIST (%d examples), %d native thread(s),"
                + " %d rounds; sides %s; PyTorch from %s%n", batch, lr, String.join(", ", models), TRAIN, threads, rounds,
                sides.stream().map(Side::name).toList(), py);
        for (String model : models) {
            Map<Side, List<Run>> runs = new LinkedHashMap<>();
            sides.forEach(s -> runs.put(s, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s round %d:", model, round + 1));
                for (int j = 0; j < sides.size(); j++) {
                    Side side = sides.get((j + round) % sides.size());
                    int cut = side.executor != null && side.executor.equals("dl4j") && model.equals("lenet") ? dl4jSteps : 0;
                    Run r = side.torch() ? torch(py, script, model, batch, lr, threads, data, round + 1)
                            : descent(home, side.executor, model, batch, lr, threads, data, round + 1, cut);
                    runs.get(side).add(r);
                    line.append(String.format(Locale.ROOT, "  %s %.3f s%s (%.3f ms/step, %d MiB)", side.name, r.epochSeconds,
                            r.scaled ? "*" : "", 1e3 * r.epochSeconds / steps(batch), r.peakKiB / 1024));
                }
                out.println(line);
            }
            report(model, batch, sides, runs);
        }
        out.println("* a DL4J LeNet epoch is timed on its first --dl4j-steps steps and scaled to a full epoch");
        return 0;
    }

    private void report(String model, int batch, List<Side> sides, Map<Side, List<Run>> runs) {
        out.printf(Locale.ROOT, "%s: %-14s %12s %12s %16s %14s%n", model, "side", "epoch (s)", "ms/step", "first epoch (s)",
                "peak RSS (MiB)");
        for (Side s : sides) {
            double epoch = median(runs.get(s).stream().mapToDouble(Run::epochSeconds).toArray());
            double first = median(runs.get(s).stream().mapToDouble(Run::firstEpochSeconds).toArray());
            double rss = median(runs.get(s).stream().mapToDouble(Run::peakKiB).toArray()) / 1024;
            out.printf(Locale.ROOT, "%s: %-14s %12.3f %12.3f %16.3f %14.0f%n", model, s.name, epoch, 1e3 * epoch / steps(batch),
                    first, rss);
        }
        Side fast = sides.stream().filter(s -> "fast".equals(s.executor)).findFirst().orElse(null);
        if (fast == null) {
            return;
        }
        for (Side other : sides) {
            if (other == fast) {
                continue;
            }
            double[] a = runs.get(fast).stream().mapToDouble(Run::epochSeconds).toArray();
            double[] b = runs.get(other).stream().mapToDouble(Run::epochSeconds).toArray();
            double[] per = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                per[i] = a[i] / b[i];
            }
            out.printf(Locale.ROOT, "%s: descent fast / %s = %.3f (ratio of medians), %.3f (median of per-round ratios);"
                    + " peak RSS ratio %.2f%n", model, other.name, median(a) / median(b), median(per),
                    median(runs.get(fast).stream().mapToDouble(Run::peakKiB).toArray())
                            / median(runs.get(other).stream().mapToDouble(Run::peakKiB).toArray()));
        }
    }

    private static int steps(int batch) {
        return (TRAIN + batch - 1) / batch;
    }

    private Run descent(String home, String executor, String model, int batch, double lr, int threads, Path data, int seed, int cut) {
        Path dir;
        try {
            dir = Files.createTempDirectory("descent-bench-");
        } catch (IOException e) {
            throw new DescentException("cannot create a temporary directory: " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(home, "bin", "descent").toString(), "train", "--dataset", "fashion-mnist",
                "--data-dir", data.toString(), "--model", model, "--optimizer", "sgd", "--lr", String.valueOf(lr), "--batch-size",
                String.valueOf(batch), "--epochs", "2", "--seed", String.valueOf(seed), "--threads", String.valueOf(threads),
                "--executor", executor, "--test-limit", "1000", "--out", dir.resolve("run").toString()));
        if (cut > 0) {
            cmd.addAll(List.of("--train-limit", String.valueOf(cut * batch)));
        }
        long peak = exec(cmd);
        try {
            List<String> lines = Files.readAllLines(dir.resolve("run").resolve("metrics.csv"));
            List<String> header = Arrays.asList(lines.get(0).split(","));
            int column = header.indexOf("epoch_seconds");
            double first = Double.parseDouble(lines.get(1).split(",")[column]);
            double second = Double.parseDouble(lines.get(2).split(",")[column]);
            int steps = cut > 0 ? cut : steps(batch);
            double scale = (double) steps(batch) / steps;
            return new Run(second * scale, first * scale, steps, peak, cut > 0);
        } catch (IOException | RuntimeException e) {
            throw new DescentException("the descent run in '" + dir + "' left no metrics: " + e.getMessage());
        }
    }

    private Run torch(String python, Path script, String model, int batch, double lr, int threads, Path data, int seed) {
        List<String> cmd = List.of(python, script.toString(), "--model", model, "--batch", String.valueOf(batch), "--lr",
                String.valueOf(lr), "--threads", String.valueOf(threads), "--data", data.toString(), "--seed", String.valueOf(seed));
        StringBuilder stdout = new StringBuilder();
        long peak = exec(cmd, stdout);
        for (String line : stdout.toString().split("\n")) {
            if (line.startsWith("first_epoch_seconds ")) {
                String[] f = line.trim().split(" ");
                return new Run(Double.parseDouble(f[3]), Double.parseDouble(f[1]), Integer.parseInt(f[5]), peak, false);
            }
        }
        throw new DescentException("the PyTorch side printed no epoch time: " + stdout);
    }

    private long exec(List<String> cmd) {
        return exec(cmd, new StringBuilder());
    }

    /** Runs {@code cmd} to its end; its peak resident set (VmHWM, KiB), read from /proc while it runs. */
    private long exec(List<String> cmd, StringBuilder stdout) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", cmd.get(cmd.indexOf("--threads") + 1));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DescentException("cannot start '" + cmd.get(0) + "': " + e.getMessage());
        }
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                stdout.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stdout.append(e.getMessage());
            }
        });
        reader.start();
        long peak = 0;
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        try {
            while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, hwm(status));
            }
            reader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DescentException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new DescentException("'" + String.join(" ", cmd) + "' failed with exit " + p.exitValue() + ": " + stdout.toString().strip());
        }
        return peak;
    }

    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between two reads
        }
        return 0;
    }

    /** A python3 that imports torch: on PATH, else Debian's /usr/bin/python3. */
    private static String findTorch() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new DescentException("no python3 that imports torch; install Debian's python3-torch and libopenblas0, or pass --python PATH");
    }

    private static Path script() {
        try (InputStream in = TorchBench.class.getResourceAsStream("torch_bench.py")) {
            if (in == null) {
                throw new DescentException("torch_bench.py is missing from the descent.app jar; rebuild descent");
            }
            Path f = Files.createTempFile("descent-torch-bench-", ".py");
            Files.write(f, in.readAllBytes());
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new DescentException("cannot write the PyTorch script: " + e.getMessage());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
