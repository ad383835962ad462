package descent.optimizers.ode.internal;

import descent.api.Snapshot;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An explicit Runge-Kutta method on the gradient flow dθ/dt = −∇L(θ), frozen to the step's
 * mini-batch, with step h = the learning rate: stage i evaluates kᵢ = ∇L(θ − h Σⱼ aᵢⱼ kⱼ) through
 * {@link Step#oracle()}, and θ ← θ − h Σᵢ bᵢ kᵢ. Without state.
 *
 * <p>Buffers: k₁ is a copy of {@link Step#gradient()} taken before the first oracle call (the oracle
 * reuses that buffer); the stage point is the optimizer's own array; every later kᵢ is the fresh
 * array the oracle returns. None is a view of an engine buffer, unlike the RK optimizers that keep
 * references to live tensors and so mix stages of different points.
 */
final class RungeKutta implements Optimizer {

    /**
     * A Butcher tableau with c = row sums of a.
     *
     * @param a the strictly lower-triangular coefficients, row i holding aᵢ₀ … aᵢ,ᵢ₋₁
     * @param b the weights
     */
    record Tableau(double[][] a, double[] b) {
        int stages() {
            return b.length;
        }
    }

    /** Heun's method (explicit trapezoid), order 2. */
    static final Tableau HEUN = new Tableau(new double[][] {{}, {1}}, new double[] {0.5, 0.5});

    /** The explicit midpoint method, order 2. */
    static final Tableau MIDPOINT = new Tableau(new double[][] {{}, {0.5}}, new double[] {0, 1});

    /** The classical Runge-Kutta method (seed 000, Algorithm 4), order 4. */
    static final Tableau RK4 = new Tableau(new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6});

    private final Tableau tableau;

    RungeKutta(Tableau tableau) {
        this.tableau = tableau;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got " + numParameters);
        }
    }

    @Override
    public void step(Step step) {
        INDArray theta = step.parameters();
        INDArray k1 = Buffers.copyLike(step.gradient(), theta);
        double h = step.learningRate();
        theta.subi(direction(tableau, theta, k1, step.oracle(), h).muli(h));
    }

    /**
     * Σᵢ bᵢ kᵢ of one step from {@code theta} with step {@code h}, as a new array; {@code theta} and
     * {@code k1} (the gradient at {@code theta}) are read, never modified or kept.
     */
    static INDArray direction(Tableau t, INDArray theta, INDArray k1, GradientOracle oracle, double h) {
        int s = t.stages();
        INDArray[] k = new INDArray[s];
        k[0] = k1;
        INDArray point = null;
        for (int i = 1; i < s; i++) {
            point = point == null ? Buffers.copyLike(theta, theta) : point.assign(theta);
            double[] row = t.a()[i];
            for (int j = 0; j < i; j++) {
                if (row[j] != 0) {
                    point.subi(k[j].mul(h * row[j]));
                }
            }
            // The oracle returns a fresh array owned by the caller: it is this stage's k.
            k[i] = Buffers.conform(oracle.evaluate(point).gradient(), theta);
        }
        INDArray sum = null;
        for (int i = 0; i < s; i++) {
            double w = t.b()[i];
            if (w != 0) {
                sum = sum == null ? k[i].mul(w) : sum.addi(k[i].mul(w));
            }
        }
        return sum;
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    @Override
    public void importState(Snapshot state) {
    }
}
