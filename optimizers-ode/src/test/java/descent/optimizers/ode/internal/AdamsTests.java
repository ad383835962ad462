package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import descent.api.Snapshot;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.optim.Step;
import descent.api.testkit.QuadraticProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamsTests {

    private static final QuadraticProblem PROBLEM = QuadraticProblem.randomSpd(5, 3.0, 11L);
    private static final double H = 0.05;

    /** Parameters after each of {@code steps} steps from θ, iterations from {@code first}. */
    private static List<double[]> trajectory(Optimizer o, INDArray theta, long first, int steps) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            o.step(PROBLEM.step(theta, H, first + i, 0, 1));
            out.add(Trajectories.values(theta));
        }
        return out;
    }

    private static void assertResumesExactlyAfter(OptimizerProvider p, Map<String, String> values, int stepsBefore) {
        Optimizer original = Trajectories.create(p, values, PROBLEM.dimension());
        INDArray theta = PROBLEM.startingPoint();
        Trajectories.run(original, PROBLEM, theta, H, stepsBefore, 0);
        Snapshot checkpoint = original.exportState();
        assertThat(checkpoint.number(Adams.FILLED)).isEqualTo(Math.min(stepsBefore, 3));
        assertThat(checkpoint.arrays()).hasSize(Math.min(stepsBefore, 3));
        INDArray resumedFrom = theta.dup();
        List<double[]> expected = trajectory(original, theta, stepsBefore, 6);

        Optimizer resumed = Trajectories.create(p, values, PROBLEM.dimension());
        resumed.importState(checkpoint);
        List<double[]> actual = trajectory(resumed, resumedFrom, stepsBefore, 6);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k)).as("%s %s: step %d after resuming at step %d", p.id(), values, k + 1, stepsBefore)
                    .containsExactly(expected.get(k));
        }
    }

    @Test
    void exportedHistoryRestoresTheTrajectoryDuringAndAfterTheStartup() {
        for (OptimizerProvider p : new OptimizerProvider[] {new AdamsBashforthProvider(), new AdamsPeceProvider()}) {
            for (String startup : new String[] {"gd", "adams", "rk4"}) {
                for (int before : new int[] {0, 1, 2, 3, 7}) {
                    assertResumesExactlyAfter(p, Map.of("startup", startup), before);
                }
            }
        }
    }

    /** The step from θ₃ with f₀ … f₃ known is the printed AB4 formula, computed here by hand. */
    @Test
    void fourthStepIsTheAdamsBashforthFormula() {
        Optimizer o = Trajectories.create(new AdamsBashforthProvider(), Map.of(), PROBLEM.dimension());
        INDArray theta = PROBLEM.startingPoint();
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            f.add(Trajectories.values(PROBLEM.gradient(theta)));
            o.step(PROBLEM.step(theta, H, i, 0, 1));
        }
        double[] before = Trajectories.values(theta);
        f.add(Trajectories.values(PROBLEM.gradient(theta)));
        o.step(PROBLEM.step(theta, H, 3, 0, 1));
        double[] after = Trajectories.values(theta);
        for (int j = 0; j < before.length; j++) {
            double expected = before[j] - H / 24 * (55 * f.get(3)[j] - 59 * f.get(2)[j] + 37 * f.get(1)[j] - 9 * f.get(0)[j]);
            assertThat(after[j]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-14));
        }
    }

    @Test
    void peceEvaluatesTwiceAndAb4OncePerStepAfterTheStartup() {
        for (String id : new String[] {"ab4", "adams-pece"}) {
            OptimizerProvider p = id.equals("ab4") ? new AdamsBashforthProvider() : new AdamsPeceProvider();
            QuadraticProblem problem = QuadraticProblem.randomSpd(4, 2.0, 5L);
            Optimizer o = Trajectories.create(p, Map.of("startup", "rk4"), 4);
            INDArray theta = problem.startingPoint();
            Trajectories.run(o, problem, theta, H, 3, 0);
            assertThat(problem.evaluations()).as("%s: three RK4 start-up steps", id).isEqualTo(12);
            Trajectories.run(o, problem, theta, H, 10, 3);
            assertThat(problem.evaluations() - 12).as("%s: ten Adams steps", id).isEqualTo(id.equals("ab4") ? 10 : 20);
        }
    }

    @Test
    void aChangedStepSizeRestartsTheStartupUnlessToldToContinue() {
        Optimizer restart = Trajectories.create(new AdamsPeceProvider(), Map.of(), PROBLEM.dimension());
        Optimizer keep = Trajectories.create(new AdamsPeceProvider(), Map.of("on-step-change", "continue"),
                PROBLEM.dimension());
        for (Optimizer o : new Optimizer[] {restart, keep}) {
            Trajectories.run(o, PROBLEM, PROBLEM.startingPoint(), H, 5, 0);
            o.step(PROBLEM.step(PROBLEM.startingPoint(), H / 2, 5, 1, 1));
        }
        assertThat(restart.exportState().number(Adams.FILLED)).isEqualTo(1);
        assertThat(restart.exportState().number(Adams.STEP_SIZE)).isEqualTo(H / 2);
        assertThat(keep.exportState().number(Adams.FILLED)).isEqualTo(3);
    }

    /**
     * The history holds copies: a step whose gradient buffer and parameters are overwritten after
     * the call (as the engine does) leaves the next step unchanged. The oracle here also scribbles
     * over the step's gradient on every call, as the engine's does.
     */
    @Test
    void historyHoldsCopiesNotTheEngineBuffers() {
        Optimizer clean = Trajectories.create(new AdamsPeceProvider(), Map.of("startup", "rk4"), PROBLEM.dimension());
        Optimizer abused = Trajectories.create(new AdamsPeceProvider(), Map.of("startup", "rk4"), PROBLEM.dimension());
        INDArray a = PROBLEM.startingPoint();
        INDArray b = PROBLEM.startingPoint();
        for (int i = 0; i < 8; i++) {
            clean.step(PROBLEM.step(a, H, i, 0, 1));
            QuadraticProblem.QuadraticStep s = PROBLEM.step(b, H, i, 0, 1);
            abused.step(new ScribblingStep(s));
            s.gradient().assign(Double.NaN);
        }
        assertThat(Trajectories.values(b)).containsExactly(Trajectories.values(a));
    }

    /** A step whose oracle overwrites the step's gradient buffer before evaluating, as the engine's oracle does. */
    record ScribblingStep(QuadraticProblem.QuadraticStep delegate) implements Step {
        @Override
        public INDArray parameters() {
            return delegate.parameters();
        }

        @Override
        public INDArray gradient() {
            return delegate.gradient();
        }

        @Override
        public double loss() {
            return delegate.loss();
        }

        @Override
        public GradientOracle oracle() {
            GradientOracle inner = delegate.oracle();
            return theta -> {
                delegate.gradient().assign(-1e6);
                return inner.evaluate(theta);
            };
        }

        @Override
        public double learningRate() {
            return delegate.learningRate();
        }

        @Override
        public long iteration() {
            return delegate.iteration();
        }

        @Override
        public int epoch() {
            return delegate.epoch();
        }

        @Override
        public int batchSize() {
            return delegate.batchSize();
        }
    }
}
