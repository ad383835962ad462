package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RungeKuttaTests {

    /**
     * On dθ/dt = −aθ one RK4 step multiplies θ by the degree-4 Taylor polynomial of e^{−ah}, Heun and
     * midpoint by the degree-2 one: the stages are combined with the right weights.
     */
    @Test
    void oneStepOnALinearFlowIsTheTaylorPolynomialOfTheExponential() {
        double a = 3;
        double h = 0.1;
        double z = -a * h;
        QuadraticProblem line = QuadraticProblem.diagonal(new double[] {a}, new double[] {0});
        double second = 1 + z + z * z / 2;
        double fourth = second + z * z * z / 6 + z * z * z * z / 24;
        Map<OptimizerProvider, Double> expected = Map.of(new HeunProvider(), second, new MidpointProvider(), second,
                new Rk4Provider(), fourth);
        expected.forEach((p, factor) -> {
            Optimizer o = Trajectories.create(p, Map.of(), 1);
            INDArray theta = line.pointAt(1);
            o.step(line.step(theta, h, 0, 0, 1));
            assertThat(theta.getDouble(0)).as(p.id()).isCloseTo(factor, within(1e-15));
        });
    }

    @Test
    void stagesEvaluateOnTheOracleAndCopyTheGradientBeforeItIsReused() {
        QuadraticProblem problem = QuadraticProblem.randomSpd(4, 5.0, 9L);
        for (OptimizerProvider p : new OptimizerProvider[] {new HeunProvider(), new MidpointProvider(), new Rk4Provider()}) {
            Optimizer clean = Trajectories.create(p, Map.of(), 4);
            Optimizer abused = Trajectories.create(p, Map.of(), 4);
            INDArray a = problem.startingPoint();
            INDArray b = problem.startingPoint();
            long before = problem.evaluations();
            clean.step(problem.step(a, 0.1, 0, 0, 1));
            int stages = p instanceof Rk4Provider ? 4 : 2;
            assertThat(problem.evaluations() - before).as("%s evaluations per step", p.id()).isEqualTo(stages);
            abused.step(new AdamsTests.ScribblingStep(problem.step(b, 0.1, 0, 0, 1)));
            assertThat(Trajectories.values(b)).as(p.id()).containsExactly(Trajectories.values(a));
        }
    }
}
