package descent.engine.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The DL4J adapter against hand-computed updates on the kit's quadratic. */
class UpdaterOptimizerTests {

    private final QuadraticProblem problem = QuadraticProblem.randomSpd(5, 10.0, 3L);

    private static Optimizer create(OptimizerProvider provider, Map<String, String> values, long n) {
        Optimizer o = provider.create(Hyperparameters.of("optimizer '" + provider.id() + "'", provider.hyperparameters(), values));
        o.initialize(n);
        return o;
    }

    private static double[] v(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /**
     * θ − lr·g rounded once (a fused multiply-add, as OpenBLAS's AVX-512 kernels do) or twice: the
     * product's rounding (at most half an ulp of lr·g, smaller than θ here) and the sum's stay within
     * two units in the last place of the result; a second step or a wrong rate is far outside.
     */
    private static org.assertj.core.data.Offset<Double> oneRounding(double expected) {
        return within(2 * Math.ulp(expected));
    }

    @Test
    void takesExactlyOneGradientStepAsSgd() {
        Optimizer sgd = create(new SgdProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint();
        double[] before = v(theta);
        double[] g = v(problem.gradient(theta));
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = before[i] - 0.1 * g[i];
        }
        sgd.step(problem.step(theta, 0.1, 0, 0, 16));
        double[] after = v(theta);
        for (int i = 0; i < 5; i++) {
            assertThat(after[i]).isCloseTo(expected[i], oneRounding(expected[i]));
        }
    }

    @Test
    void usesTheLearningRateOfEachStep() {
        Optimizer sgd = create(new SgdProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint();
        for (double lr : new double[] {0.1, 0.01, 0.15}) {
            double[] before = v(theta);
            double[] g = v(problem.gradient(theta));
            sgd.step(problem.step(theta, lr, 0, 0, 16));
            double[] after = v(theta);
            for (int i = 0; i < 5; i++) {
                assertThat(after[i]).isCloseTo(before[i] - lr * g[i], oneRounding(before[i] - lr * g[i]));
            }
        }
    }

    @Test
    void movesEveryCoordinateByTheLearningRateOnAdamsFirstStep() {
        // Bias correction makes m̂ = g and v̂ = g² after one step, so the step is about α per coordinate.
        // DL4J adds ε to the uncorrected √v (Kingma and Ba's "ε̂" form, end of their section 2):
        // α √(1 − β2) / (1 − β1) · (1 − β1) g / (√(1 − β2) |g| + ε).
        double alpha = 0.01;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        Optimizer adam = create(new AdamProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint();
        double[] before = v(theta);
        double[] g = v(problem.gradient(theta));
        adam.step(problem.step(theta, alpha, 0, 0, 16));
        double[] after = v(theta);
        for (int i = 0; i < 5; i++) {
            double step = after[i] - before[i];
            assertThat(step).isCloseTo(-alpha * Math.signum(g[i]), within(alpha * 1e-5));
            double exact = -alpha * Math.sqrt(1 - beta2) * g[i] / (Math.sqrt(1 - beta2) * Math.abs(g[i]) + epsilon);
            assertThat(step).isCloseTo(exact, within(1e-15));
        }
    }

    @Test
    void startsAdamsBiasCorrectionAtItsOwnFirstStepWhateverTheRunsIteration() {
        Optimizer fresh = create(new AdamProvider(), Map.of(), 5);
        Optimizer late = create(new AdamProvider(), Map.of(), 5);
        INDArray a = problem.startingPoint();
        INDArray b = problem.startingPoint();
        fresh.step(problem.step(a, 0.01, 0, 0, 16));
        late.step(problem.step(b, 0.01, 12_345, 41, 16));
        assertThat(v(b)).containsExactly(v(a));
    }

    @Test
    void followsTheGradientsDataTypeForFloatParameters() {
        Optimizer adam = create(new AdamProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint().castTo(DataType.FLOAT);
        double start = problem.loss(theta);
        for (int k = 0; k < 200; k++) {
            adam.step(problem.step(theta, 0.05, k, 0, 16));
        }
        assertThat(theta.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(problem.loss(theta)).isLessThan(1e-3 * start);
        assertThat(adam.exportState().array(UpdaterOptimizer.STATE).dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void ignoresTheLearningRateInAdaDeltaWhichHasNone() {
        Optimizer small = create(new AdaDeltaProvider(), Map.of(), 5);
        Optimizer large = create(new AdaDeltaProvider(), Map.of(), 5);
        INDArray a = problem.startingPoint();
        INDArray b = problem.startingPoint();
        for (int k = 0; k < 3; k++) {
            small.step(problem.step(a, 0.001, k, 0, 16));
            large.step(problem.step(b, 0.5, k, 0, 16));
        }
        assertThat(v(b)).containsExactly(v(a));
        assertThat(v(a)).isNotEqualTo(v(problem.startingPoint()));
    }

    @Test
    void exportsACopyOfTheUpdaterStateAndItsStepCount() {
        Optimizer adam = create(new AdamProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint();
        for (int k = 0; k < 3; k++) {
            adam.step(problem.step(theta, 0.01, k, 0, 16));
        }
        Snapshot s = adam.exportState();
        assertThat(s.number(UpdaterOptimizer.STEPS)).isEqualTo(3.0);
        assertThat(s.array(UpdaterOptimizer.STATE).length()).isEqualTo(10);
        assertThat(create(new SgdProvider(), Map.of(), 5).exportState().arrays()).isEmpty();
    }

    @Test
    void rejectsACheckpointWrittenForAnotherNumberOfParameters() {
        Optimizer small = create(new AdamProvider(), Map.of(), 3);
        Optimizer other = create(new AdamProvider(), Map.of(), 5);
        assertThatThrownBy(() -> other.importState(small.exportState()))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("optimizer 'adam'")
                .hasMessageContaining("holds 6 state values, but 5 parameters need 10");
    }

    @Test
    void rejectsACheckpointOfAnotherOptimizer() {
        Optimizer adam = create(new AdamProvider(), Map.of(), 5);
        Snapshot momentum = create(new MomentumProvider(), Map.of(), 5).exportState();
        assertThatThrownBy(() -> adam.importState(momentum))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("no number 'steps'");
    }

    @Test
    void runsAdaBeliefDespiteDl4jsBrokenInstantiate() {
        Optimizer adaBelief = create(new AdaBeliefProvider(), Map.of(), 5);
        INDArray theta = problem.startingPoint();
        double[] before = v(theta);
        double[] g = v(problem.gradient(theta));
        adaBelief.step(problem.step(theta, 0.01, 0, 0, 16));
        double[] after = v(theta);
        // First step: m = (1 − β1) g, so m̂ = g; s = (1 − β2)(g − m)² + ε = (1 − β2) β1² g² + ε, so
        // ŝ ≈ β1² g² and the step is about α / β1 per coordinate.
        for (int i = 0; i < 5; i++) {
            assertThat(after[i] - before[i]).isCloseTo(-0.01 / 0.9 * Math.signum(g[i]), within(1e-6));
        }
    }

    @Test
    void leavesParametersOutsideTheViewUntouched() {
        INDArray buffer = Nd4j.zeros(DataType.DOUBLE, 3, 5);
        buffer.getRow(1, true).assign(problem.startingPoint());
        Optimizer nadam = create(new NadamProvider(), Map.of(), 5);
        for (int k = 0; k < 5; k++) {
            nadam.step(problem.step(buffer.getRow(1, true), 0.01, k, 0, 16));
        }
        assertThat(v(buffer.getRow(0, true))).containsOnly(0.0);
        assertThat(v(buffer.getRow(2, true))).containsOnly(0.0);
        assertThat(problem.loss(buffer.getRow(1, true))).isLessThan(problem.loss(problem.startingPoint()));
    }
}
