package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import descent.engine.GradientNoise;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class EulerMaruyamaTests {

    /**
     * Theorem 4.2.1 of seed 000: the stationary density of dθ = −∇L dt + √(2T) dB is ∝ exp(−L/T), so on
     * L = aθ²/2 the variance is T/a. 150 independent coordinates, 50 each with a = 1, 2 and 4, run as
     * parallel chains; h = 0.01 keeps the Euler-Maruyama bias 1/(1 − ah/2) at 2% or less, and
     * 20 000 steps (after 2 000 of burn-in) give about 5 000 effective samples per curvature, a
     * sampling error of about 2%.
     */
    @Test
    void longRunVarianceMatchesTemperatureOverCurvature() {
        double temperature = 0.5;
        double h = 0.01;
        double[] curvatures = {1, 2, 4};
        int perCurvature = 50;
        double[] eigenvalues = new double[curvatures.length * perCurvature];
        for (int i = 0; i < eigenvalues.length; i++) {
            eigenvalues[i] = curvatures[i / perCurvature];
        }
        QuadraticProblem problem = QuadraticProblem.diagonal(eigenvalues, new double[eigenvalues.length]);
        Optimizer o = Trajectories.create(new EulerMaruyamaProvider(),
                Map.of("temperature", Double.toString(temperature), "noise-seed", "2024"), eigenvalues.length);
        INDArray theta = problem.minimum();
        Trajectories.run(o, problem, theta, h, 2_000, 0);
        double[] sumSquares = new double[curvatures.length];
        int samples = 20_000;
        for (int s = 0; s < samples; s++) {
            o.step(problem.step(theta, h, 2_000 + s, 0, 1));
            double[] v = Trajectories.values(theta);
            for (int i = 0; i < v.length; i++) {
                sumSquares[i / perCurvature] += v[i] * v[i];
            }
        }
        double[] variance = new double[curvatures.length];
        for (int k = 0; k < curvatures.length; k++) {
            variance[k] = sumSquares[k] / ((double) samples * perCurvature);
        }
        System.out.printf("Langevin variance at T = %s for a = %s: %s (T/a = %s)%n", temperature,
                Arrays.toString(curvatures), Arrays.toString(variance),
                Arrays.toString(Arrays.stream(curvatures).map(a -> temperature / a).toArray()));
        for (int k = 0; k < curvatures.length; k++) {
            double expected = temperature / curvatures[k];
            assertThat(variance[k]).as("stationary variance for a = %s, T = %s", curvatures[k], temperature)
                    .isCloseTo(expected, within(0.1 * expected));
        }
    }

    /**
     * SGD's measured temperature is Euler-Maruyama's (seed 000, ch. 4: SGD read as an SDE). On
     * L(θ) = (1/M) Σ ½ a ‖θ − c_i‖², a mini-batch gradient is the full one plus noise whose
     * variance {@link GradientNoise} measures; reading the SGD step θ ← θ − h g_B as the
     * Euler-Maruyama step θ ← θ − h ∇L + √(2hT) ξ gives T = h v / 2, v the measured noise per
     * coordinate. Then SGD's stationary variance, the variance of {@code euler-maruyama} run at that T
     * on the exact gradient, and the closed form T / (a (1 − ha/2)) of the discrete scheme agree.
     * 40 coordinates, 20 000 steps after 1 000 of burn-in: a sampling error of about 3 %.
     */
    @Test
    void sgdsStationaryVarianceIsEulerMaruyamasAtTheTemperatureGradientNoiseMeasures() {
        int m = 200;
        int d = 40;
        int batch = 10;
        double a = 1;
        double h = 0.05;
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        double[][] c = new double[m][d];
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = random.nextGaussian();
                mean[j] += c[i][j] / m;
            }
        }
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(c);
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, m, 1);
        Quadratic model = new Quadratic(a, org.nd4j.linalg.factory.Nd4j.create(mean, new long[] {1, d}, 'c'));

        GradientNoise.Result noise = GradientNoise.measure(model, x, y, batch, 4000, 3);
        double temperature = h * (noise.batchNoise() / d) / 2;
        double expected = temperature / (a * (1 - h * a / 2));

        // SGD: a fresh batch of 10 (without replacement) every step
        model.parameters().assign(model.centre);
        int burn = 1_000;
        int samples = 20_000;
        double sgdSum = 0;
        int[] order = java.util.stream.IntStream.range(0, m).toArray();
        for (int s = 0; s < burn + samples; s++) {
            for (int i = 0; i < batch; i++) {
                int j = i + random.nextInt(m - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            model.computeGradient(org.nd4j.linalg.factory.Nd4j.pullRows(x, 1, java.util.Arrays.copyOf(order, batch)), null);
            model.parameters().subi(model.gradient().mul(h));
            if (s >= burn) {
                double dist = model.parameters().sub(model.centre).norm2Number().doubleValue();
                sgdSum += dist * dist;
            }
        }
        double sgdVariance = sgdSum / ((double) samples * d);

        // euler-maruyama at the measured temperature, on the exact gradient a (θ − c̄)
        double[] curvature = new double[d];
        java.util.Arrays.fill(curvature, a);
        QuadraticProblem problem = QuadraticProblem.diagonal(curvature, mean);
        Optimizer o = Trajectories.create(new EulerMaruyamaProvider(), Map.of("temperature", Double.toString(temperature), "noise-seed", "5"), d);
        INDArray theta = problem.minimum();
        Trajectories.run(o, problem, theta, h, burn, 0);
        double emSum = 0;
        for (int s = 0; s < samples; s++) {
            o.step(problem.step(theta, h, burn + s, 0, 1));
            double dist = theta.sub(problem.minimum()).norm2Number().doubleValue();
            emSum += dist * dist;
        }
        double emVariance = emSum / ((double) samples * d);
        System.out.printf("measured temperature %.5g: SGD variance %.5g, euler-maruyama %.5g, T/(a(1-ha/2)) %.5g%n",
                temperature, sgdVariance, emVariance, expected);
        assertThat(sgdVariance).isCloseTo(expected, within(0.1 * expected));
        assertThat(emVariance).isCloseTo(expected, within(0.1 * expected));
        assertThat(sgdVariance).isCloseTo(emVariance, within(0.12 * expected));
    }

    /** L(θ) = (1/B) Σ_rows ½ a ‖θ − c_row‖² over the rows given (labels unused): a model whose batch noise is known. */
    private static final class Quadratic implements descent.api.model.Model {
        private final double a;
        private final INDArray centre;
        private final INDArray theta;
        private INDArray gradient;

        Quadratic(double a, INDArray centre) {
            this.a = a;
            this.centre = centre;
            this.theta = centre.dup();
        }

        @Override
        public INDArray parameters() {
            return theta;
        }

        @Override
        public double computeGradient(INDArray features, INDArray labels) {
            gradient = theta.sub(features.mean(0).reshape(theta.shape())).muli(a);
            return loss(features, labels);
        }

        @Override
        public INDArray gradient() {
            return gradient;
        }

        @Override
        public double loss(INDArray features, INDArray labels) {
            INDArray diff = features.subRowVector(theta);
            return 0.5 * a * diff.mul(diff).sumNumber().doubleValue() / features.size(0);
        }

        @Override
        public INDArray output(INDArray features) {
            throw new UnsupportedOperationException("a quadratic has no outputs");
        }

        @Override
        public java.util.List<descent.api.model.DenseLayer> denseLayers() {
            return java.util.List.of();
        }

        @Override
        public String summary() {
            return "quadratic";
        }
    }

    @Test
    void atZeroTemperatureItIsGradientDescentStepForStep() {
        QuadraticProblem problem = QuadraticProblem.randomSpd(5, 10, 3L);
        INDArray a = problem.startingPoint();
        INDArray b = problem.startingPoint();
        Trajectories.run(Trajectories.create(new EulerMaruyamaProvider(), Map.of("temperature", "0"), 5), problem, a,
                0.05, 40, 0);
        Trajectories.run(Trajectories.create(new GradientDescentProvider(), Map.of(), 5), problem, b, 0.05, 40, 0);
        assertThat(Trajectories.values(a)).containsExactly(Trajectories.values(b));
    }

    @Test
    void noiseDependsOnSeedAndStepNumberOnly() {
        assertThat(EulerMaruyama.noise(8, 5, 17)).containsExactly(EulerMaruyama.noise(8, 5, 17));
        assertThat(EulerMaruyama.noise(8, 5, 17)).isNotEqualTo(EulerMaruyama.noise(8, 5, 18));
        assertThat(EulerMaruyama.noise(8, 5, 17)).isNotEqualTo(EulerMaruyama.noise(8, 6, 17));
    }
}
