package descent.engine.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Heavy-ball momentum against its recurrence unrolled by hand. */
class HeavyBallMomentumTests {

    @Test
    void matchesTheHandUnrolledRecurrenceOnAOneDimensionalQuadratic() {
        // L(θ) = ½ λ (θ − θ*)², g = λ (θ − θ*); v ← μ v − α g, θ ← θ + v.
        double lambda = 3.0;
        double minimum = 0.5;
        double mu = 0.8;
        double alpha = 0.1;
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {lambda}, new double[] {minimum});
        MomentumProvider provider = new MomentumProvider();
        Optimizer momentum = provider.create(Hyperparameters.of("optimizer 'momentum'", provider.hyperparameters(),
                Map.of("momentum", Double.toString(mu))));
        momentum.initialize(1);
        INDArray theta = problem.pointAt(2.0);

        double t = minimum + 2.0;
        double v = 0;
        double[] expected = new double[5];
        for (int k = 0; k < 5; k++) {
            double g = lambda * (t - minimum);
            v = mu * v - alpha * g;
            t = t + v;
            expected[k] = t;
        }
        // Written out: θ₁ = 2.5 − 0.1·3·2 = 1.9, v₁ = −0.6; θ₂ = 1.9 + (0.8·(−0.6) − 0.1·3·1.4) = 1.0;
        // v₂ = −0.9; θ₃ = 1.0 + (0.8·(−0.9) − 0.1·3·0.5) = 0.13.
        assertThat(expected[0]).isCloseTo(1.9, within(1e-12));
        assertThat(expected[1]).isCloseTo(1.0, within(1e-12));
        assertThat(expected[2]).isCloseTo(0.13, within(1e-12));

        for (int k = 0; k < 5; k++) {
            momentum.step(problem.step(theta, alpha, k, 0, 1));
            assertThat(theta.getDouble(0)).as("θ after step %d", k + 1).isEqualTo(expected[k]);
        }
    }

    @Test
    void theJavaLoopOnFlatArraysIsTheNd4jOpsOnViewsBitForBit() {
        // The same parameters and gradients twice: flat [1, n] arrays (the Java loop) and views at an offset
        // into larger arrays (which take the ND4J ops); float and double, five steps, a changing rate.
        for (org.nd4j.linalg.api.buffer.DataType type : new org.nd4j.linalg.api.buffer.DataType[] {
                org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.DOUBLE}) {
            int n = 1003;
            java.util.SplittableRandom r = new java.util.SplittableRandom(5);
            double[] start = r.doubles(n, -1, 1).toArray();
            INDArray flat = org.nd4j.linalg.factory.Nd4j.create(start, new long[] {1, n}, 'c').castTo(type);
            INDArray big = org.nd4j.linalg.factory.Nd4j.zeros(type, 1, n + 7);
            INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(7, n + 7))
                    .reshape(1, n);
            view.assign(flat);
            assertThat(Flat.applies(flat, flat.dup())).isTrue();
            assertThat(Flat.applies(flat, view)).as("a view at an offset takes the ND4J ops").isFalse();
            Optimizer fast = new HeavyBallMomentum(0.9);
            Optimizer reference = new HeavyBallMomentum(0.9);
            fast.initialize(n);
            reference.initialize(n);
            for (int k = 0; k < 5; k++) {
                double[] g = r.doubles(n, -2, 2).toArray();
                INDArray gFlat = org.nd4j.linalg.factory.Nd4j.create(g, new long[] {1, n}, 'c').castTo(type);
                INDArray gBig = org.nd4j.linalg.factory.Nd4j.zeros(type, 1, n + 3);
                INDArray gView = gBig.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, n + 3))
                        .reshape(1, n);
                gView.assign(gFlat);
                double lr = 0.05 / (k + 1);
                fast.step(step(flat, gFlat, lr, k));
                reference.step(step(view, gView, lr, k));
                assertThat(flat.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble())
                        .as("%s after step %d", type, k + 1).containsExactly(view.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble());
            }
            assertThat(fast.exportState().array(HeavyBallMomentum.VELOCITY).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble())
                    .containsExactly(reference.exportState().array(HeavyBallMomentum.VELOCITY).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .data().asDouble());
        }
    }

    private static descent.api.optim.Step step(INDArray parameters, INDArray gradient, double lr, long iteration) {
        return new descent.api.optim.Step() {
            public INDArray parameters() {
                return parameters;
            }

            public INDArray gradient() {
                return gradient;
            }

            public double loss() {
                return 0;
            }

            public descent.api.optim.GradientOracle oracle() {
                throw new UnsupportedOperationException("heavy-ball evaluates no gradient of its own");
            }

            public double learningRate() {
                return lr;
            }

            public long iteration() {
                return iteration;
            }

            public int epoch() {
                return 0;
            }

            public int batchSize() {
                return 1;
            }
        };
    }
}
