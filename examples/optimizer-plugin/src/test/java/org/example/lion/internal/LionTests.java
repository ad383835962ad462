package org.example.lion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Lion against its update rule, written out by hand, and against gradient descent. */
class LionTests {

    private static final double LR = 0.01;

    private static Optimizer lion(Map<String, String> given, int n) {
        LionProvider provider = new LionProvider();
        Optimizer lion = provider.create(Hyperparameters.of("optimizer 'lion'", provider.hyperparameters(), given));
        lion.initialize(n);
        return lion;
    }

    private static INDArray row(double... values) {
        return Nd4j.create(values, new long[] {1, values.length}, DataType.DOUBLE);
    }

    private static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    @Test
    void takesOneStepByThePapersFormulaFromAKnownMomentum() {
        double[] lambda = {1, 2, 4, 8, 16};
        double[] minimum = {0.5, -1, 0.25, 2, 0};
        QuadraticProblem problem = QuadraticProblem.diagonal(lambda, minimum);
        double[] theta0 = {1.5, -1, 0.25, 1, -0.0625};
        // g = λ (θ − θ*) = (1, 0, 0, −8, −1). Coordinate 1 has momentum but no gradient, coordinate 2
        // neither; in coordinate 3 the gradient outweighs the momentum in c = β₁ m + (1 − β₁) g
        // (but would not with β₂ in its place), in coordinate 4 the momentum outweighs the gradient.
        double[] m0 = {0, 0.3, 0, 0.5, 2};
        double beta1 = 0.9;
        double beta2 = 0.99;
        double wd = 0.1;
        Optimizer lion = lion(Map.of("beta1", "0.9", "beta2", "0.99", "decoupled-decay", "0.1"), 5);
        lion.importState(Snapshot.builder().array(Lion.MOMENTUM, row(m0)).build());

        INDArray theta = row(theta0);
        lion.step(problem.step(theta, LR, 0, 0, 32));

        double[] expectedTheta = new double[5];
        double[] expectedM = new double[5];
        for (int i = 0; i < 5; i++) {
            double g = lambda[i] * (theta0[i] - minimum[i]);
            double c = beta1 * m0[i] + (1 - beta1) * g;
            expectedTheta[i] = theta0[i] - LR * (Math.signum(c) + wd * theta0[i]);
            expectedM[i] = beta2 * m0[i] + (1 - beta2) * g;
        }
        double[] actual = values(theta);
        double[] momentum = values(lion.exportState().array(Lion.MOMENTUM));
        for (int i = 0; i < 5; i++) {
            assertThat(actual[i]).as("theta[%d]", i).isCloseTo(expectedTheta[i], within(1e-15));
            assertThat(momentum[i]).as("m[%d]", i).isCloseTo(expectedM[i], within(1e-15));
        }
        // No gradient and no momentum: only the decay moved coordinate 2.
        assertThat(actual[2]).isCloseTo(theta0[2] * (1 - LR * wd), within(1e-15));
        // The gradient won in coordinate 3 and θ went up; the momentum won in coordinate 4 and θ went
        // down, although the gradient pointed up there too.
        assertThat(actual[3]).isGreaterThan(theta0[3]);
        assertThat(actual[4]).isLessThan(theta0[4]);
    }

    @Test
    void movesEveryCoordinateByTheLearningRateWhateverTheSizeOfItsGradient() {
        // Curvatures from 1e-6 to 1e6: gradient descent's steps would differ by twelve orders of magnitude.
        double[] lambda = {1e-6, 1e-2, 1, 1e2, 1e6};
        QuadraticProblem problem = QuadraticProblem.diagonal(lambda, new double[5]);
        double[] theta0 = {1, -1, 1, -1, 1};
        Optimizer lion = lion(Map.of(), 5);

        INDArray theta = row(theta0);
        lion.step(problem.step(theta, LR, 0, 0, 32));

        double[] actual = values(theta);
        for (int i = 0; i < 5; i++) {
            assertThat(actual[i] - theta0[i]).as("step of coordinate %d (curvature %s)", i, lambda[i])
                    .isCloseTo(-LR * Math.signum(theta0[i]), within(1e-15));
        }
    }

    @Test
    void decaysTheParametersTowardsZeroWhereTheGradientAndMomentumVanish() {
        double[] minimum = {3, -2};
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {1, 5}, minimum);
        Optimizer lion = lion(Map.of("decoupled-decay", "0.5"), 2);

        INDArray theta = row(minimum);
        lion.step(problem.step(theta, LR, 0, 0, 32));

        // sign(0) = 0, so only θ ← θ − α λ θ is left.
        assertThat(values(theta)).containsExactly(new double[] {3 * (1 - LR * 0.5), -2 * (1 - LR * 0.5)}, within(1e-15));
    }

    @Test
    void reachesTheMinimumOfAnIllConditionedQuadraticWhereGradientDescentCrawls() {
        // Condition number 10⁴: gradient descent is stable only for α < 2/λmax = 2·10⁻⁴ and then
        // shrinks the error along λmin = 1 by (1 − 2·10⁻⁴) per step.
        QuadraticProblem problem = QuadraticProblem.conditioned(10, 1e4, 17L);
        INDArray start = problem.minimum().add(1.0);
        int steps = 400;

        INDArray theta = start.dup();
        Optimizer lion = lion(Map.of(), 10);
        for (int k = 0; k < steps; k++) {
            lion.step(problem.step(theta, LR, k, 0, 32));
        }
        INDArray gd = start.dup();
        for (int k = 0; k < steps; k++) {
            gd.subi(problem.gradient(gd).muli(1.9 / problem.largestEigenvalue()));
        }

        double[] error = values(theta.sub(problem.minimum()));
        for (int i = 0; i < error.length; i++) {
            assertThat(Math.abs(error[i])).as("distance from the minimum in coordinate %d", i).isLessThan(5 * LR);
        }
        assertThat(problem.loss(theta)).isLessThan(1e-3 * problem.loss(start));
        // Gradient descent still has 90% of the distance to go along the flattest direction (λ = 1).
        double gdError = values(gd.sub(problem.minimum()))[0];
        assertThat(Math.abs(gdError)).as("gradient descent's distance along curvature %s", problem.eigenvalues()[0])
                .isGreaterThan(0.9);
    }

    @Test
    void rejectsACheckpointWrittenForAnotherModel() {
        Optimizer lion = lion(Map.of(), 4);
        Snapshot tooShort = Snapshot.builder().array(Lion.MOMENTUM, row(1, 2, 3)).build();

        assertThatThrownBy(() -> lion.importState(tooShort))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("momentum of 3 values, but the model has 4 parameters");
    }

    @Test
    void rejectsACheckpointOfAnotherOptimizerNamingTheMissingArray() {
        Optimizer lion = lion(Map.of(), 4);
        Snapshot other = Snapshot.builder().array("velocity", row(1, 2, 3, 4)).build();

        assertThatThrownBy(() -> lion.importState(other))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("no array 'momentum'");
    }

    @Test
    void rejectsBetasOfOneNamingTheField() {
        LionProvider provider = new LionProvider();

        assertThatThrownBy(() -> provider.create(Hyperparameters.of("optimizer 'lion'", provider.hyperparameters(),
                Map.of("beta2", "1"))))
                .isInstanceOf(DescentException.class)
                .hasMessage("hyperparameter 'beta2' of optimizer 'lion' must be in [0, 1), got 1");
    }
}
