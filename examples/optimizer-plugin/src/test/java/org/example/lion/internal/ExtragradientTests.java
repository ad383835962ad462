package org.example.lion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Extragradient against its formula and against the exact gradient flow of a quadratic. */
class ExtragradientTests {

    private static Optimizer extragradient(double gamma, int n) {
        ExtragradientProvider provider = new ExtragradientProvider();
        Optimizer o = provider.create(Hyperparameters.of("optimizer 'extragradient'", provider.hyperparameters(),
                Map.of("extrapolation", Double.toString(gamma))));
        o.initialize(n);
        return o;
    }

    private static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    @Test
    void stepsWithTheGradientAtTheLookAheadPointAndEvaluatesItOnce() {
        double[] lambda = {1, 3, 9};
        double[] minimum = {0.5, -1, 2};
        QuadraticProblem problem = QuadraticProblem.diagonal(lambda, minimum);
        double[] theta0 = {1.5, 0, 4};
        double h = 0.1;
        double gamma = 0.75;

        INDArray theta = Nd4j.create(theta0, new long[] {1, 3}, DataType.DOUBLE);
        QuadraticProblem.QuadraticStep step = problem.step(theta, h, 0, 0, 32);
        extragradient(gamma, 3).step(step);

        double[] actual = values(theta);
        for (int i = 0; i < 3; i++) {
            double ahead = theta0[i] - gamma * h * lambda[i] * (theta0[i] - minimum[i]);
            double expected = theta0[i] - h * lambda[i] * (ahead - minimum[i]);
            assertThat(actual[i]).as("theta[%d]", i).isCloseTo(expected, within(1e-15));
        }
        assertThat(step.oracleEvaluations()).isEqualTo(1);
    }

    @Test
    void followsTheGradientFlowAtSecondOrderWithHalfAndFirstOrderWithFullExtrapolation() {
        QuadraticProblem problem = QuadraticProblem.randomSpd(6, 10.0, 3L);
        assertThat(orderOfConvergence(problem, 0.5)).isCloseTo(2.0, within(0.1));
        assertThat(orderOfConvergence(problem, 1.0)).isCloseTo(1.0, within(0.1));
    }

    @Test
    void isStableOnlyForLearningRateTimesCurvatureBelowOneWithFullExtrapolation() {
        // One step multiplies θ − θ* by 1 − x + γx², x = αλ: below 1 in size for x < 1 when γ = 1, for
        // x < 2 (as gradient descent) when γ = 1/2.
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {10}, new double[] {0});
        assertThat(distanceAfter(problem, 1.0, 0.09, 100)).isCloseTo(Math.pow(0.91, 100), within(1e-12));
        assertThat(distanceAfter(problem, 1.0, 0.11, 100)).isCloseTo(Math.pow(1.11, 100), within(1e-6));
        assertThat(distanceAfter(problem, 0.5, 0.11, 100)).isCloseTo(Math.pow(0.505, 100), within(1e-12));
    }

    /** |θ − θ*| after {@code steps} steps from distance 1 on a one-dimensional problem with θ* = 0. */
    private static double distanceAfter(QuadraticProblem problem, double gamma, double lr, int steps) {
        INDArray theta = Nd4j.ones(DataType.DOUBLE, 1, 1);
        Optimizer o = extragradient(gamma, 1);
        for (int k = 0; k < steps; k++) {
            o.step(problem.step(theta, lr, k, 0, 32));
        }
        return Math.abs(theta.getDouble(0));
    }

    /** log₂ of the ratio of the errors at time 1 with 100 and 200 steps. */
    private static double orderOfConvergence(QuadraticProblem problem, double gamma) {
        INDArray start = problem.startingPoint();
        INDArray exact = problem.flow(start, 1.0);
        double[] errors = new double[2];
        for (int r = 0; r < 2; r++) {
            int steps = 100 << r;
            INDArray theta = start.dup();
            Optimizer o = extragradient(gamma, problem.dimension());
            for (int k = 0; k < steps; k++) {
                o.step(problem.step(theta, 1.0 / steps, k, 0, 32));
            }
            errors[r] = theta.sub(exact).norm2Number().doubleValue();
        }
        return Math.log(errors[0] / errors[1]) / Math.log(2);
    }
}
