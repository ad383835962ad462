package descent.optimizers.ode.internal;

import descent.api.Hyperparameters;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs optimizers on a {@link QuadraticProblem} with exact gradients, the way the engine drives them. */
final class Trajectories {

    private Trajectories() {
    }

    static Optimizer create(OptimizerProvider provider, Map<String, String> values, long numParameters) {
        Optimizer o = provider.create(Hyperparameters.of("optimizer '" + provider.id() + "'",
                provider.hyperparameters(), values));
        o.initialize(numParameters);
        return o;
    }

    /**
     * {@code steps} steps of size {@code h} from {@code theta} (updated in place) in one epoch of a
     * one-epoch run, iterations numbered from {@code firstIteration}.
     */
    static void run(Optimizer optimizer, QuadraticProblem problem, INDArray theta, double h, int steps,
            long firstIteration) {
        optimizer.beforeEpoch(new EpochPlan(0, 1, h, 1));
        for (int i = 0; i < steps; i++) {
            optimizer.step(problem.step(theta, h, firstIteration + i, 0, 1));
        }
    }

    /** ‖θ_N − θ(T)‖₂ after N = T/h steps from the problem's starting point. */
    static double globalError(OptimizerProvider provider, Map<String, String> values, QuadraticProblem problem,
            double time, double h) {
        int steps = (int) Math.round(time / h);
        if (Math.abs(steps * h - time) > 1e-12 * time) {
            throw new IllegalArgumentException("time " + time + " is not a multiple of h = " + h);
        }
        Optimizer o = create(provider, values, problem.dimension());
        INDArray theta = problem.startingPoint();
        run(o, problem, theta, h, steps, 0);
        return distance(theta, problem.flow(problem.startingPoint(), time));
    }

    static double distance(INDArray a, INDArray b) {
        double[] x = values(a);
        double[] y = values(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }
}
