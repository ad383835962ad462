package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
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
