package descent.engine;

import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.model.ModelSpec;
import descent.api.optim.OptimizerProvider;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.internal.model.MlpProvider;
import descent.engine.schedule.Schedules;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private Dl4jModel freshModel() {
        var provider = new MlpProvider();
        return (Dl4jModel) provider.create(new ModelSpec(data.featureShape(), data.classes(), 1),
                Hyperparameters.of("model 'mlp'", provider.hyperparameters(), Map.of("hidden", hidden)));
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
        INDArray x = data.train().features().getRows(order);
        INDArray y = data.train().labels().getRows(order);
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
