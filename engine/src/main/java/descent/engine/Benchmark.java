package descent.engine;

import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.model.ModelSpec;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.engine.internal.model.MlpProvider;
import descent.engine.schedule.Schedules;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The same MLP epoch trained by descent's engine (with its {@code sgd} optimizer) and by plain
 * DL4J ({@code MultiLayerNetwork.fit} with DL4J's own SGD updater), alternating within one run on
 * the same data in the same order, so machine noise hits both alike. Reports the median epoch
 * times and their ratio; nothing is asserted.
 *
 * <p>A second mode, {@link #compareOptimizers}, measures the per-step cost of several optimizers
 * on that MLP in one run, alternating, each against a reference (SGD), and the size of each one's
 * exported state in parameter-sized buffers.
 */
public final class Benchmark {

    private final Dataset data;
    private final OptimizerProvider sgd;
    private final String hidden;
    private final int batchSize;
    private final double lr;

    /**
     * @param data the scaled data set
     * @param sgd the {@code sgd} optimizer provider
     * @param hidden MLP hidden widths ("64,32")
     */
    public Benchmark(Dataset data, OptimizerProvider sgd, String hidden, int batchSize, double lr) {
        this.data = data;
        this.sgd = sgd;
        this.hidden = hidden;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    /** Median seconds per epoch of each side, over {@code rounds} rounds after one warm-up round. */
    public record Result(double[] descentSeconds, double[] dl4jSeconds) {
        public double descentMedian() {
            return median(descentSeconds);
        }

        public double dl4jMedian() {
            return median(dl4jSeconds);
        }

        /** Ratio of the two medians. */
        public double ratio() {
            return descentMedian() / dl4jMedian();
        }

        /** Median of the per-round ratios: each round's two epochs ran back to back, so share the machine's state. */
        public double pairedRatio() {
            double[] r = new double[descentSeconds.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = descentSeconds[i] / dl4jSeconds[i];
            }
            return median(r);
        }
    }

    /** Runs {@code rounds} measured rounds (plus a warm-up), printing one line per round. */
    public Result run(int rounds, PrintStream out) {
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean descentFirst = round % 2 == 0;
            double a = descentFirst ? descentEpoch(round) : dl4jEpoch(round);
            double b = descentFirst ? dl4jEpoch(round) : descentEpoch(round);
            double d = descentFirst ? a : b;
            double p = descentFirst ? b : a;
            if (round == 0) {
                out.printf(Locale.ROOT, "warm-up   descent %.3f s   plain DL4J %.3f s%n", d, p);
                continue;
            }
            ours.add(d);
            theirs.add(p);
            out.printf(Locale.ROOT, "round %d   descent %.3f s   plain DL4J %.3f s   ratio %.3f%n", round, d, p, d / p);
        }
        Result r = new Result(ours.stream().mapToDouble(Double::doubleValue).toArray(),
                theirs.stream().mapToDouble(Double::doubleValue).toArray());
        out.printf(Locale.ROOT, "median epoch: descent %.3f s, plain DL4J %.3f s; descent / plain DL4J = %.3f"
                + " (ratio of medians), %.3f (median of per-round ratios), %d rounds%n",
                r.descentMedian(), r.dl4jMedian(), r.ratio(), r.pairedRatio(), rounds);
        return r;
    }

    /**
     * Per-step cost and state size of several optimizers, measured in one run.
     *
     * @param ids the optimizers, in the order given; the reference is {@code ids.get(reference)}
     * @param reference the index of the optimizer the others are divided by
     * @param stepSeconds {@code stepSeconds[i][r]}: seconds per step of optimizer i in measured round r
     * @param steps steps per epoch of each (an optimizer may change the batch size)
     * @param evaluationsPerStep gradient evaluations per step of each (RK4: 4)
     * @param stateBuffers each one's exported state after an epoch: total array length over the
     *     number of parameters
     */
    public record OptimizerCosts(List<String> ids, int reference, double[][] stepSeconds, int[] steps,
            double[] evaluationsPerStep, double[] stateBuffers) {

        /** Median seconds per step of optimizer {@code i}. */
        public double medianStep(int i) {
            return median(stepSeconds[i]);
        }

        /** Ratio of optimizer {@code i}'s median step time to the reference's. */
        public double ratio(int i) {
            return medianStep(i) / medianStep(reference);
        }

        /** Median over rounds of optimizer {@code i}'s step time over the reference's in the same round. */
        public double pairedRatio(int i) {
            double[] r = new double[stepSeconds[i].length];
            for (int k = 0; k < r.length; k++) {
                r[k] = stepSeconds[i][k] / stepSeconds[reference][k];
            }
            return median(r);
        }
    }

    /**
     * Trains one epoch of the MLP with each optimizer per round, in an order that rotates from round
     * to round, every optimizer on the same initial weights and the same data order within a round;
     * one warm-up round is not counted. Prints a line per round and a table at the end.
     *
     * @param optimizers a fresh optimizer for each id, in the order to report; at least one
     * @param reference the id to divide by ({@code sgd}); must be a key of {@code optimizers}
     * @param rounds measured rounds, at least 1
     */
    public OptimizerCosts compareOptimizers(Map<String, Supplier<Optimizer>> optimizers, String reference, int rounds,
            PrintStream out) {
        return compareOptimizers(optimizers, Map.of(), reference, rounds, out);
    }

    /**
     * The same comparison with trainers among the contenders (a trainer's "step" is one mini-batch,
     * its state its exported snapshot): target propagation against backprop SGD, for instance.
     *
     * @param trainers a fresh trainer for each id, reported after the optimizers; ids distinct from theirs
     */
    public OptimizerCosts compareOptimizers(Map<String, Supplier<Optimizer>> optimizers,
            Map<String, Supplier<descent.api.train.Trainer>> trainers, String reference, int rounds, PrintStream out) {
        return compareOptimizers(optimizers, trainers, Map.of(), reference, rounds, out);
    }

    /**
     * The same comparison with some contenders on another executor than the fast one: an optimizer
     * id mapped to {@link Executor#DL4J} trains DL4J's {@code MultiLayerNetwork}, so that
     * {@code sgd} on both executors can stand in one table (the ratios stay to {@code reference}).
     *
     * @param executors the executor of each optimizer id that does not run on {@link Executor#FAST}
     */
    public OptimizerCosts compareOptimizers(Map<String, Supplier<Optimizer>> optimizers,
            Map<String, Supplier<descent.api.train.Trainer>> trainers, Map<String, Executor> executors, String reference, int rounds,
            PrintStream out) {
        for (String id : executors.keySet()) {
            if (!optimizers.containsKey(id)) {
                throw new IllegalArgumentException("executor given for '" + id + "', which is not among the optimizers " + optimizers.keySet());
            }
        }
        List<String> ids = new java.util.ArrayList<>(optimizers.keySet());
        ids.addAll(trainers.keySet());
        ids = List.copyOf(ids);
        int ref = ids.indexOf(reference);
        if (ref < 0) {
            throw new IllegalArgumentException("reference '" + reference + "' is not among " + ids);
        }
        int k = ids.size();
        double[][] seconds = new double[k][rounds];
        int[] steps = new int[k];
        double[] evaluations = new double[k];
        double[] buffers = new double[k];
        for (int round = 0; round <= rounds; round++) {
            double[] thisRound = new double[k];
            for (int j = 0; j < k; j++) {
                int i = (j + round) % k;
                String id = ids.get(i);
                descent.api.model.Model model = freshModel(executors.getOrDefault(id, Executor.FAST));
                long numParameters = model.parameters().length();
                Training.Builder builder = Training.builder().model(model).data(data)
                        .schedule(Schedules.parse("constant", lr, 1))
                        .epochs(1).batchSize(batchSize).seed(round + 1);
                Optimizer optimizer = optimizers.containsKey(id) ? optimizers.get(id).get() : null;
                descent.api.train.Trainer trainer = optimizer == null ? trainers.get(id).get() : null;
                if (optimizer != null) {
                    builder.optimizer(id, optimizer);
                } else {
                    builder.trainer(id, trainer);
                }
                EpochMetrics m = builder.build().run().get(0);
                int n = data.train().size();
                steps[i] = (n + m.batchSize() - 1) / m.batchSize();
                evaluations[i] = (double) m.gradientEvaluations() / steps[i];
                thisRound[i] = m.epochSeconds() / steps[i];
                long stateLength = 0;
                for (INDArray a : (optimizer != null ? optimizer.exportState() : trainer.exportState()).arrays().values()) {
                    stateLength += a.length();
                }
                buffers[i] = (double) stateLength / numParameters;
            }
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up " : String.format(Locale.ROOT, "round %-3d", round));
            for (int i = 0; i < k; i++) {
                line.append(String.format(Locale.ROOT, "  %s %.3f ms", ids.get(i), thisRound[i] * 1e3));
                if (i != ref) {
                    line.append(String.format(Locale.ROOT, " (%.2fx)", thisRound[i] / thisRound[ref]));
                }
            }
            out.println(line);
            if (round > 0) {
                for (int i = 0; i < k; i++) {
                    seconds[i][round - 1] = thisRound[i];
                }
            }
        }
        OptimizerCosts costs = new OptimizerCosts(ids, ref, seconds, steps, evaluations, buffers);
        int width = Math.max(9, ids.stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %11s  %10s  %11s  %15s  %17s  %13s%n", "optimizer", "steps/epoch",
                "grads/step", "ms/step", "ratio (medians)", "median of ratios", "state buffers");
        for (int i = 0; i < k; i++) {
            out.printf(Locale.ROOT, "%-" + width + "s  %11d  %10.2f  %11.3f  %15.3f  %17.3f  %13.2f%n", ids.get(i), steps[i],
                    evaluations[i], costs.medianStep(i) * 1e3, costs.ratio(i), costs.pairedRatio(i), buffers[i]);
        }
        out.printf(Locale.ROOT, "ratios are to %s, over %d rounds after a warm-up; state buffers = exported state arrays"
                + " (total length) / parameters%n", reference, rounds);
        return costs;
    }

    /** A fresh MLP on the fast executor (the DL4J path where it cannot run). */
    private descent.api.model.Model freshModel() {
        return freshModel(Executor.FAST);
    }

    private descent.api.model.Model freshModel(Executor executor) {
        var provider = new MlpProvider();
        return executor.apply(provider.create(new ModelSpec(data.featureShape(), data.classes(), 1),
                Hyperparameters.of("model 'mlp'", provider.hyperparameters(), Map.of("hidden", hidden)))).model();
    }

    private double descentEpoch(int round) {
        Training t = Training.builder()
                .model(freshModel()).data(data)
                .optimizer(sgd.id(), sgd.create(Hyperparameters.defaults("optimizer 'sgd'", sgd.hyperparameters())))
                .schedule(Schedules.parse("constant", lr, 1))
                .epochs(1).batchSize(batchSize).seed(round + 1)
                .build();
        return t.run().get(0).epochSeconds();
    }

    private double dl4jEpoch(int round) {
        MultiLayerNetwork net = new MultiLayerNetwork(MlpProvider.configuration(
                new ModelSpec(data.featureShape(), data.classes(), 1), MlpProvider.parseWidths(hidden), MlpProvider.init("he"), new Sgd(lr)));
        net.init();
        int n = data.train().size();
        long start = System.nanoTime();
        int[] order = Training.permutation(n, round + 1, 0);
        // The same gather as the engine's: into row-major buffers, so every mini-batch is a
        // contiguous block of rows (getRows can return column-major arrays, whose row blocks are
        // strided views that DL4J copies before each product).
        INDArray x = org.nd4j.linalg.factory.Nd4j.pullRows(data.train().features(), data.train().features().dup('c'), 1, order);
        INDArray y = org.nd4j.linalg.factory.Nd4j.pullRows(data.train().labels(), data.train().labels().dup('c'), 1, order);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            net.fit(new DataSet(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
