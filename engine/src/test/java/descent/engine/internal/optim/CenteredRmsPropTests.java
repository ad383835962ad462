package descent.engine.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Centered RMSprop with momentum against its recurrence unrolled by hand (Lee et al. 2015's rms_prop). */
class CenteredRmsPropTests {

    @Test
    void matchesTheHandUnrolledRecurrenceOnAOneDimensionalQuadratic() {
        double lambda = 3.0;
        double minimum = 0.5;
        double rho = 0.95;
        double mu = 0.9;
        double eps = 0.001;
        double alpha = 0.01;
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {lambda}, new double[] {minimum});
        RmsPropCenteredProvider provider = new RmsPropCenteredProvider();
        Optimizer rms = provider.create(Hyperparameters.defaults("optimizer 'rmsprop-centered'", provider.hyperparameters()));
        rms.initialize(1);
        INDArray theta = problem.pointAt(2.0);

        double t = minimum + 2.0;
        double m = 0;
        double s = 0;
        double v = 0;
        double[] expected = new double[6];
        for (int k = 0; k < expected.length; k++) {
            double g = lambda * (t - minimum);
            m = rho * m + (1 - rho) * g;
            s = rho * s + (1 - rho) * g * g;
            v = mu * v - alpha * g / Math.sqrt(s - m * m + eps);
            t = t + v;
            expected[k] = t;
        }
        // First step written out: g = 6, m = 0.3, s = 1.8, s − m² = 1.71, v = −0.01·6/√1.711.
        assertThat(expected[0]).isCloseTo(2.5 - 0.06 / Math.sqrt(1.711), within(1e-12));

        for (int k = 0; k < expected.length; k++) {
            rms.step(problem.step(theta, alpha, k, 0, 1));
            assertThat(theta.getDouble(0)).as("θ after step %d", k + 1).isCloseTo(expected[k], within(1e-12));
        }
    }

    @Test
    void resumesFromItsStateAsIfNeverStopped() {
        RmsPropCenteredProvider provider = new RmsPropCenteredProvider();
        Hyperparameters hp = Hyperparameters.of("optimizer 'rmsprop-centered'", provider.hyperparameters(), Map.of("momentum", "0.5"));
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {1.0, 4.0}, new double[] {0.0, 1.0});
        Optimizer straight = provider.create(hp);
        straight.initialize(2);
        INDArray a = problem.pointAt(1.0, -1.0);
        for (int k = 0; k < 6; k++) {
            straight.step(problem.step(a, 0.05, k, 0, 1));
        }
        Optimizer first = provider.create(hp);
        first.initialize(2);
        INDArray b = problem.pointAt(1.0, -1.0);
        for (int k = 0; k < 3; k++) {
            first.step(problem.step(b, 0.05, k, 0, 1));
        }
        Optimizer second = provider.create(hp);
        second.initialize(2);
        second.importState(first.exportState());
        for (int k = 3; k < 6; k++) {
            second.step(problem.step(b, 0.05, k, 0, 1));
        }
        assertThat(b.toDoubleVector()).containsExactly(a.toDoubleVector());
    }
}
