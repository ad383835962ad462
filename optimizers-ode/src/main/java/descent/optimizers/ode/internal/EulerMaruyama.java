package descent.optimizers.ode.internal;

import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Euler-Maruyama scheme for the Langevin SDE dθ = −∇L(θ) dt + √(2T) dB (seed 000, eq. 4.5,
 * with T = σ²): θ ← θ − h ∇L(θ) + √(2Th) ξ, ξ ~ N(0, I), h the learning rate. Its stationary density
 * is ∝ exp(−L/T) (Theorem 4.2.1) up to a discretisation bias: on L = aθ²/2 the chain's variance is
 * T / (a (1 − ah/2)) instead of T/a. T = 0 is plain (stochastic) gradient descent.
 *
 * <p>The noise of a step is drawn from a {@link SplittableRandom} seeded with a hash of (seed,
 * {@link Step#iteration()}) alone, so the optimizer has no random state: a resumed run draws exactly
 * the noise the uninterrupted one would have, and the noise does not depend on the ND4J backend.
 */
final class EulerMaruyama implements Optimizer {

    private final double temperature;
    private final long seed;

    EulerMaruyama(double temperature, long seed) {
        this.temperature = temperature;
        this.seed = seed;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got " + numParameters);
        }
    }

    @Override
    public void step(Step step) {
        INDArray theta = step.parameters();
        double h = step.learningRate();
        Vectors.axpy(-h, step.gradient(), theta);
        if (temperature > 0) {
            double[] xi = noise(theta.length(), seed, step.iteration());
            double scale = Math.sqrt(2 * temperature * h);
            for (int i = 0; i < xi.length; i++) {
                xi[i] *= scale;
            }
            INDArray dB = Nd4j.create(xi, theta.shape(), 'c');
            theta.addi(theta.dataType() == DataType.DOUBLE ? dB : dB.castTo(theta.dataType()));
        }
    }

    /** {@code n} standard normal numbers determined by (seed, iteration) alone. */
    static double[] noise(long n, long seed, long iteration) {
        SplittableRandom random = new SplittableRandom(mix(mix(seed) + iteration * 0x9E3779B97F4A7C15L));
        double[] xi = new double[Math.toIntExact(n)];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = random.nextGaussian();
        }
        return xi;
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, a bijection on longs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    @Override
    public void importState(Snapshot state) {
    }
}
