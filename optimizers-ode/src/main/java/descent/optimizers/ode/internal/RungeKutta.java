package descent.optimizers.ode.internal;

import descent.api.Snapshot;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An explicit Runge-Kutta method on the gradient flow dθ/dt = −∇L(θ), frozen to the step's
 * mini-batch, with step h = the learning rate: stage i evaluates kᵢ = ∇L(θ − h Σⱼ aᵢⱼ kⱼ) through
 * {@link Step#oracle()}, and θ ← θ − h Σᵢ bᵢ kᵢ. Without state.
 *
 * <p>Buffers: k₁ is a copy of {@link Step#gradient()} taken before the first oracle call (the oracle
 * reuses that buffer); k₁ and the stage point are the optimizer's own arrays, reused from step to
 * step; every later kᵢ is the fresh array the oracle returns. The vector arithmetic is BLAS axpy
 * ({@link Vectors}). None is a view of an engine buffer, unlike the RK optimizers that keep
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
    /** Scratch: the copy of the step's gradient, and the stage point; never exported. */
    private INDArray k1;
    private INDArray point;

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
        if (k1 == null || !Buffers.matches(k1, theta)) {
            k1 = Buffers.copyLike(step.gradient(), theta);
            point = Buffers.copyLike(theta, theta);
        } else {
            Vectors.copy(step.gradient(), k1);
        }
        descend(tableau, theta, k1, step.oracle(), step.learningRate(), point);
    }

    /**
     * One step from {@code theta} with step {@code h}: θ ← θ − h Σᵢ bᵢ kᵢ. {@code k1} (the gradient
     * at {@code theta}) is read, never modified or kept; {@code point} is scratch of the shape and
     * type of {@code theta} that receives the stage points (null: a new array).
     */
    static void descend(Tableau t, INDArray theta, INDArray k1, GradientOracle oracle, double h, INDArray point) {
        int s = t.stages();
        INDArray[] k = new INDArray[s];
        k[0] = k1;
        INDArray stage = point;
        for (int i = 1; i < s; i++) {
            if (stage == null) {
                stage = Buffers.copyLike(theta, theta);
            } else {
                Vectors.copy(theta, stage);
            }
            double[] row = t.a()[i];
            for (int j = 0; j < i; j++) {
                if (row[j] != 0) {
                    Vectors.axpy(-h * row[j], k[j], stage);
                }
            }
            // The oracle returns a fresh array owned by the caller: it is this stage's k.
            k[i] = Buffers.conform(oracle.evaluate(stage).gradient(), theta);
        }
        // Every stage is known: only now may θ move.
        for (int i = 0; i < s; i++) {
            double w = t.b()[i];
            if (w != 0) {
                Vectors.axpy(-h * w, k[i], theta);
            }
        }
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    @Override
    public void importState(Snapshot state) {
    }
}
