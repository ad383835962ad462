package descent.engine;

import descent.api.model.Model;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The noise of mini-batch gradients around the full-batch gradient, on a fixed set of M training
 * examples (seed 000, chapter 4 and seed 003: SGD as an SDE whose temperature grows with lr/B;
 * McCandlish et al. 2018 for the simple noise scale).
 *
 * <p>With {@code g_i} the gradient of example i's loss and {@code G = (1/M) Σ g_i} the full-batch
 * gradient on the set, the per-example covariance has trace
 * {@code tr Σ = (1/(M−1)) Σ ‖g_i − G‖²}. A mini-batch of B examples drawn without replacement from
 * the set has mean gradient {@code g_B} with {@code E‖g_B − G‖² = (tr Σ / B)(M − B)/M} (the finite
 * population correction: at B = M there is no noise at all). This class draws K such batches, and
 * reports their mean {@code ‖g_B − G‖²} (the noise training at batch size B sees) and, inverting the
 * relation, the estimate {@code tr Σ = B M/(M − B) · mean ‖g_B − G‖²}, which is unbiased. The simple
 * noise scale is {@code B_simple = tr Σ / ‖G‖²}: batches much smaller than it are noise-dominated.
 *
 * <p>The parameters are not touched; the gradient buffer is left holding G, as after
 * {@link Sharpness}. It spends K + 1 gradient evaluations (K on batches of B, one on the set),
 * counted apart from training's.
 */
public final class GradientNoise {

    /**
     * One measurement.
     *
     * @param batchNoise mean of {@code ‖g_B − G‖²} over the batches: the trace of the mini-batch gradient's covariance at B
     * @param trace the per-example covariance trace {@code tr Σ} estimated from it
     * @param gradientNormSquared {@code ‖G‖²}
     * @param batchSize B
     * @param batches K
     * @param gradientEvaluations K + 1
     */
    public record Result(double batchNoise, double trace, double gradientNormSquared, int batchSize, int batches, long gradientEvaluations) {

        /** {@code B_simple = tr Σ / ‖G‖²}, NaN when G is zero. */
        public double noiseScale() {
            return gradientNormSquared > 0 ? trace / gradientNormSquared : Double.NaN;
        }
    }

    private GradientNoise() {
    }

    /**
     * Measures the noise at batch size {@code batchSize} on the set {@code (x, y)}.
     *
     * @param batchSize B, at least 1 and below the set's size M (at B ≥ M there is no noise to measure)
     * @param batches K, at least 2
     * @param seed seeds the draws
     */
    public static Result measure(Model model, INDArray x, INDArray y, int batchSize, int batches, long seed) {
        int m = (int) x.size(0);
        if (batchSize < 1 || batchSize >= m) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be in [1, " + (m - 1) + "] for a set of " + m);
        }
        if (batches < 2) {
            throw new IllegalArgumentException("batches must be >= 2, got " + batches);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        INDArray[] draws = new INDArray[batches];
        for (int k = 0; k < batches; k++) {
            // the first B places of a partial Fisher-Yates shuffle: B rows without replacement
            for (int i = 0; i < batchSize; i++) {
                int j = i + random.nextInt(m - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] rows = java.util.Arrays.copyOf(order, batchSize);
            java.util.Arrays.sort(rows);
            model.computeGradient(Nd4j.pullRows(x, 1, rows), Nd4j.pullRows(y, 1, rows));
            draws[k] = model.gradient().castTo(DataType.DOUBLE).dup();
        }
        model.computeGradient(x, y);
        INDArray full = model.gradient().castTo(DataType.DOUBLE);
        double sum = 0;
        for (INDArray g : draws) {
            double d = g.subi(full).norm2Number().doubleValue();
            sum += d * d;
        }
        double batchNoise = sum / batches;
        double trace = batchNoise * batchSize * m / (double) (m - batchSize);
        double norm = full.norm2Number().doubleValue();
        return new Result(batchNoise, trace, norm * norm, batchSize, batches, batches + 1L);
    }

    /**
     * The exact per-example covariance trace {@code (1/(M−1)) Σ ‖g_i − G‖²} and {@code ‖G‖²}, from
     * all M per-example gradients (M gradient evaluations): the reference the estimate is tested
     * against, and affordable for small sets.
     */
    public static double[] exactTrace(Model model, INDArray x, INDArray y) {
        int m = (int) x.size(0);
        INDArray[] g = new INDArray[m];
        INDArray mean = null;
        for (int i = 0; i < m; i++) {
            model.computeGradient(Nd4j.pullRows(x, 1, new int[] {i}), Nd4j.pullRows(y, 1, new int[] {i}));
            g[i] = model.gradient().castTo(DataType.DOUBLE).dup();
            mean = mean == null ? g[i].dup() : mean.addi(g[i]);
        }
        mean.divi(m);
        double sum = 0;
        for (INDArray gi : g) {
            double d = gi.sub(mean).norm2Number().doubleValue();
            sum += d * d;
        }
        double norm = mean.norm2Number().doubleValue();
        return new double[] {sum / (m - 1), norm * norm};
    }
}
