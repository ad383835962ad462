package descent.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.GradientOracle;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuadraticProblemTests {

    private final QuadraticProblem dense = QuadraticProblem.randomSpd(6, 25.0, 7L);
    private final QuadraticProblem diagonal = QuadraticProblem.diagonal(new double[] {1, 3, 9}, new double[] {0.5, -1, 2});

    private static double[] v(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    @Test
    void hasASymmetricMatrixWithTheChosenSpectrum() {
        double[][] a = dense.matrix().toDoubleMatrix();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                assertThat(a[i][j]).isEqualTo(a[j][i]);
            }
        }
        // Trace and the loss along each eigenvector identify the eigenvalues without trusting Q.
        double trace = 0;
        for (int i = 0; i < a.length; i++) {
            trace += a[i][i];
        }
        double sum = 0;
        for (double l : dense.eigenvalues()) {
            sum += l;
        }
        assertThat(trace).isCloseTo(sum, within(1e-12 * sum));
        assertThat(dense.conditionNumber()).isCloseTo(25.0, within(1e-12));
        assertThat(dense.isDiagonal()).isFalse();
        double[] lambda = dense.eigenvalues();
        for (int k = 0; k < lambda.length; k++) {
            double[] c = new double[lambda.length];
            c[k] = 1;
            INDArray p = dense.pointAt(c);
            // Unit vector along eigenvector k: A q = λ q, so ∇L = λ (θ − θ*) and L = λ / 2.
            assertThat(dense.loss(p)).isCloseTo(lambda[k] / 2, within(1e-12));
            double[] g = v(dense.gradient(p));
            double[] d = v(p.sub(dense.minimum()));
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).isCloseTo(lambda[k] * d[i], within(1e-12));
            }
        }
    }

    @Test
    void hasZeroLossAndAnExactlyZeroGradientAtTheMinimum() {
        assertThat(dense.loss(dense.minimum())).isZero();
        assertThat(v(dense.gradient(dense.minimum()))).containsOnly(0.0);
    }

    @Test
    void hasTheGradientOfItsLossByCentralDifferences() {
        INDArray theta = dense.startingPoint().addi(Nd4j.rand(DataType.DOUBLE, 1, 6).subi(0.5));
        double[] g = v(dense.gradient(theta));
        double h = 1e-5;
        for (int i = 0; i < 6; i++) {
            INDArray plus = theta.dup();
            plus.putScalar(0, i, plus.getDouble(0, i) + h);
            INDArray minus = theta.dup();
            minus.putScalar(0, i, minus.getDouble(0, i) - h);
            double fd = (dense.loss(plus) - dense.loss(minus)) / (2 * h);
            assertThat(g[i]).isCloseTo(fd, within(1e-7));
        }
    }

    @Test
    void solvesTheGradientFlowOfADiagonalProblemInClosedForm() {
        INDArray theta0 = Nd4j.create(new double[] {1.5, 0, 4}, new long[] {1, 3}, DataType.DOUBLE);
        double[] at = v(diagonal.flow(theta0, 0.7));
        assertThat(at[0]).isCloseTo(0.5 + Math.exp(-0.7) * 1.0, within(1e-15));
        assertThat(at[1]).isCloseTo(-1 + Math.exp(-2.1) * 1.0, within(1e-15));
        assertThat(at[2]).isCloseTo(2 + Math.exp(-6.3) * 2.0, within(1e-15));
        assertThat(v(diagonal.flow(theta0, 0))).containsExactly(1.5, 0, 4);
    }

    @Test
    void hasAFlowWhoseTimeDerivativeIsMinusTheGradient() {
        INDArray theta0 = dense.startingPoint();
        double t = 0.3;
        double h = 1e-5;
        double[] forward = v(dense.flow(theta0, t + h));
        double[] backward = v(dense.flow(theta0, t - h));
        double[] g = v(dense.gradient(dense.flow(theta0, t)));
        for (int i = 0; i < g.length; i++) {
            assertThat((forward[i] - backward[i]) / (2 * h)).isCloseTo(-g[i], within(1e-6));
        }
        assertThat(dense.loss(dense.flow(theta0, 20))).isLessThan(1e-15);
    }

    @Test
    void approachesTheFlowWithForwardEulerAtFirstOrder() {
        INDArray theta0 = dense.startingPoint();
        double time = 1.0;
        double[] errors = new double[2];
        int[] stepsPerUnit = {200, 400};
        for (int r = 0; r < 2; r++) {
            double h = time / stepsPerUnit[r];
            INDArray theta = theta0.dup();
            for (int k = 0; k < stepsPerUnit[r]; k++) {
                theta.subi(dense.gradient(theta).muli(h));
            }
            errors[r] = theta.sub(dense.flow(theta0, time)).norm2Number().doubleValue();
        }
        assertThat(errors[0] / errors[1]).isCloseTo(2.0, within(0.05));
    }

    @Test
    void givesStepsWhoseOracleCountsFreshEvaluationsAndLeavesTheParametersAlone() {
        INDArray parameters = dense.startingPoint();
        double[] before = v(parameters);
        long start = dense.evaluations();
        QuadraticProblem.QuadraticStep step = dense.step(parameters, 0.1, 4, 1, 32);
        assertThat(step.loss()).isEqualTo(dense.loss(parameters));
        assertThat(v(step.gradient())).containsExactly(v(dense.gradient(parameters)));
        assertThat(step.parameters()).isSameAs(parameters);
        assertThat(step.learningRate()).isEqualTo(0.1);
        assertThat(step.iteration()).isEqualTo(4);
        assertThat(step.epoch()).isEqualTo(1);
        assertThat(step.batchSize()).isEqualTo(32);

        GradientOracle.Evaluation first = step.oracle().evaluate(parameters);
        GradientOracle.Evaluation second = step.oracle().evaluate(dense.minimum());
        assertThat(step.oracleEvaluations()).isEqualTo(2);
        assertThat(dense.evaluations() - start).isEqualTo(5);
        assertThat(first.loss()).isEqualTo(step.loss());
        assertThat(first.gradient()).isNotSameAs(step.gradient());
        first.gradient().assign(99);
        assertThat(v(step.gradient())).doesNotContain(99.0);
        assertThat(second.loss()).isZero();
        assertThat(v(parameters)).containsExactly(before);
    }
}
