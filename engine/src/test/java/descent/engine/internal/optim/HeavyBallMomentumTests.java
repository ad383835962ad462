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
}
