package descent.api.testkit;

import descent.api.Stability;
import descent.api.optim.GradientOracle;
import descent.api.optim.Step;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convex quadratic L(θ) = ½ (θ − θ*)ᵀ A (θ − θ*) with A symmetric positive definite, its exact
 * gradient ∇L(θ) = A (θ − θ*), and the exact solution of its gradient flow dθ/dt = −∇L(θ):
 * θ(t) = θ* + exp(−At) (θ₀ − θ*), which is θ(t) = exp(−At) θ₀ when θ* = 0.
 *
 * <p>A is built from its eigendecomposition A = Q Λ Qᵀ (Λ the eigenvalues, Q orthogonal; Q = I for
 * a {@linkplain #diagonal diagonal} problem), so that the matrix exponential of the flow is exact:
 * exp(−At) = Q exp(−Λt) Qᵀ. All arithmetic is done in Java {@code double}s, independently of ND4J;
 * ND4J arrays are only the interface. Every array this class returns is a fresh {@code DOUBLE} row
 * vector of shape [1, n] (the shape of a DL4J flattened parameter vector) owned by the caller;
 * every array it is given is read, never kept or modified, and may be of any shape and floating
 * point type as long as it holds n values.
 *
 * <p>Uses: the {@link OptimizerConformance} kit descends on it; the convergence order of an ODE
 * solver is measured by running it with step h = the learning rate for T/h steps from
 * {@link #startingPoint()} and comparing with {@link #flow(INDArray, double)} at time T, for
 * several h.
 *
 * <p>Not thread-safe (the evaluation counter is a plain field).
 *
 * <p>Stability: experimental.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class QuadraticProblem {

    private final double[] eigenvalues;
    /** Q, eigenvectors in columns: {@code basis[i][k]} is component i of eigenvector k; null when Q = I. */
    private final double[][] basis;
    private final double[][] matrix;
    private final double[] minimum;
    private long evaluations;

    private QuadraticProblem(double[] eigenvalues, double[][] basis, double[] minimum) {
        int n = eigenvalues.length;
        if (n < 1) {
            throw new IllegalArgumentException("a quadratic problem needs at least one dimension");
        }
        if (minimum.length != n) {
            throw new IllegalArgumentException("minimum has " + minimum.length + " components, eigenvalues " + n);
        }
        for (double l : eigenvalues) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("eigenvalues must be finite and > 0 for A to be positive definite, got "
                        + Arrays.toString(eigenvalues));
            }
        }
        this.eigenvalues = eigenvalues.clone();
        this.basis = basis;
        this.minimum = minimum.clone();
        this.matrix = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                if (basis == null) {
                    s = i == j ? eigenvalues[i] : 0;
                } else {
                    for (int k = 0; k < n; k++) {
                        s += basis[i][k] * eigenvalues[k] * basis[j][k];
                    }
                }
                matrix[i][j] = s;
            }
        }
        // Symmetrize exactly: Q Λ Qᵀ in floating point is symmetric only up to rounding.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (matrix[i][j] + matrix[j][i]);
                matrix[i][j] = s;
                matrix[j][i] = s;
            }
        }
    }

    /**
     * A = diag(eigenvalues), minimum θ*.
     *
     * @param eigenvalues the diagonal of A, each finite and &gt; 0
     * @param minimum θ*, as many components as {@code eigenvalues}
     */
    public static QuadraticProblem diagonal(double[] eigenvalues, double[] minimum) {
        return new QuadraticProblem(eigenvalues, null, minimum);
    }

    /**
     * A diagonal A with eigenvalues spaced geometrically from 1 to {@code conditionNumber}, and a
     * minimum θ* with standard normal components drawn from {@code seed}.
     */
    public static QuadraticProblem conditioned(int dimension, double conditionNumber, long seed) {
        Random random = new Random(seed);
        return diagonal(spectrum(dimension, conditionNumber), gaussian(random, dimension));
    }

    /**
     * A dense symmetric positive definite A = Q Λ Qᵀ: Λ spaced geometrically from 1 to
     * {@code conditionNumber}, Q a random orthogonal matrix (Gram-Schmidt of a Gaussian matrix),
     * and θ* standard normal, all drawn from {@code seed}.
     */
    public static QuadraticProblem randomSpd(int dimension, double conditionNumber, long seed) {
        Random random = new Random(seed);
        double[] lambda = spectrum(dimension, conditionNumber);
        double[][] q = randomOrthogonal(random, dimension);
        return new QuadraticProblem(lambda, q, gaussian(random, dimension));
    }

    private static double[] spectrum(int dimension, double conditionNumber) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (!(conditionNumber >= 1) || Double.isInfinite(conditionNumber)) {
            throw new IllegalArgumentException("condition number must be finite and >= 1, got " + conditionNumber);
        }
        double[] lambda = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            lambda[i] = dimension == 1 ? 1.0 : Math.pow(conditionNumber, (double) i / (dimension - 1));
        }
        return lambda;
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /** Modified Gram-Schmidt on Gaussian columns; columns of the result are orthonormal. */
    private static double[][] randomOrthogonal(Random random, int n) {
        double[][] cols = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] v = gaussian(random, n);
            for (int j = 0; j < k; j++) {
                double dot = dot(v, cols[j]);
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * cols[j][i];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
            cols[k] = v;
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                q[i][k] = cols[k][i];
            }
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** n, the number of parameters. */
    public int dimension() {
        return eigenvalues.length;
    }

    /** The eigenvalues of A, in the order of the eigenvectors (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Whether A is diagonal (Q = I), so that coordinates are independent. */
    public boolean isDiagonal() {
        return basis == null;
    }

    /** λmax / λmin. */
    public double conditionNumber() {
        return Arrays.stream(eigenvalues).max().orElseThrow() / Arrays.stream(eigenvalues).min().orElseThrow();
    }

    /** The largest eigenvalue: gradient descent is stable for learning rates below 2 / λmax. */
    public double largestEigenvalue() {
        return Arrays.stream(eigenvalues).max().orElseThrow();
    }

    /** A as a fresh [n, n] {@code DOUBLE} array. */
    public INDArray matrix() {
        return Nd4j.create(matrix);
    }

    /** θ*, where the loss is 0 and the gradient is exactly 0. */
    public INDArray minimum() {
        return row(minimum);
    }

    /** θ* + Q·(1, …, 1): one unit along every eigenvector, loss ½ Σ λᵢ. */
    public INDArray startingPoint() {
        double[] ones = new double[dimension()];
        Arrays.fill(ones, 1.0);
        return pointAt(ones);
    }

    /**
     * θ* + Σ cₖ qₖ: the point with coordinates {@code c} in A's eigenbasis around θ*, where the loss
     * is ½ Σ λₖ cₖ².
     */
    public INDArray pointAt(double... eigencoordinates) {
        if (eigencoordinates.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " coordinates, got " + eigencoordinates.length);
        }
        return row(add(minimum, fromEigenbasis(eigencoordinates)));
    }

    /** L(θ), counted as one evaluation. */
    public double loss(INDArray theta) {
        evaluations++;
        return lossOf(values(theta));
    }

    /** ∇L(θ) = A (θ − θ*) as a fresh array, counted as one evaluation. */
    public INDArray gradient(INDArray theta) {
        evaluations++;
        return row(gradientOf(values(theta)));
    }

    /** Loss and gradient at θ, counted as one evaluation. */
    public GradientOracle.Evaluation evaluate(INDArray theta) {
        evaluations++;
        double[] t = values(theta);
        return new GradientOracle.Evaluation(lossOf(t), row(gradientOf(t)));
    }

    /** How many times loss, gradient or both were evaluated (by this object, its steps and their oracles). */
    public long evaluations() {
        return evaluations;
    }

    /**
     * The exact solution of the gradient flow dθ/dt = −A (θ − θ*) from θ(0) = {@code theta0}:
     * θ(t) = θ* + Q exp(−Λt) Qᵀ (θ₀ − θ*); for a diagonal A, component i is
     * θ*ᵢ + exp(−λᵢ t)(θ₀ᵢ − θ*ᵢ).
     *
     * @param theta0 the start, read only
     * @param t the time, &gt;= 0 (gradient descent with step h approximates θ(k h) after k steps)
     * @return θ(t), a fresh array
     */
    public INDArray flow(INDArray theta0, double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("flow time must be finite and >= 0, got " + t);
        }
        double[] c = toEigenbasis(subtract(values(theta0), minimum));
        for (int k = 0; k < c.length; k++) {
            c[k] *= Math.exp(-eigenvalues[k] * t);
        }
        return row(add(minimum, fromEigenbasis(c)));
    }

    /**
     * A real {@link Step} at {@code parameters}: the loss and gradient are evaluated now (one
     * evaluation), at the parameters as they are when this method is called.
     *
     * @param parameters the engine-owned parameter vector the optimizer updates in place; kept by
     *     the step (as the engine's is) and handed out by {@link Step#parameters()}
     * @param learningRate the step size
     * @param iteration steps taken before this one in the run
     * @param epoch the epoch, from 0
     * @param batchSize the batch size reported (the quadratic has no data)
     */
    public QuadraticStep step(INDArray parameters, double learningRate, long iteration, int epoch, int batchSize) {
        return new QuadraticStep(this, parameters, learningRate, iteration, epoch, batchSize);
    }

    private double lossOf(double[] theta) {
        double[] d = subtract(theta, minimum);
        return 0.5 * dot(d, multiply(d));
    }

    private double[] gradientOf(double[] theta) {
        return multiply(subtract(theta, minimum));
    }

    private double[] multiply(double[] v) {
        int n = v.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = basis == null ? eigenvalues[i] * v[i] : dot(matrix[i], v);
        }
        return r;
    }

    private double[] toEigenbasis(double[] v) {
        if (basis == null) {
            return v.clone();
        }
        int n = v.length;
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += basis[i][k] * v[i];
            }
            c[k] = s;
        }
        return c;
    }

    private double[] fromEigenbasis(double[] c) {
        if (basis == null) {
            return c.clone();
        }
        int n = c.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = dot(basis[i], c);
        }
        return v;
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    private static double[] add(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    /** The values of {@code a} in row-major order, as doubles; {@code a} must hold n values. */
    double[] values(INDArray a) {
        Objects.requireNonNull(a, "theta");
        if (a.length() != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " parameters, got an array of shape "
                    + Arrays.toString(a.shape()));
        }
        return a.dup('c').castTo(DataType.DOUBLE).reshape(dimension()).toDoubleVector();
    }

    private static INDArray row(double[] v) {
        return Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE);
    }

    /**
     * One step of the quadratic problem, as the engine would hand it to an optimizer. Its oracle
     * evaluates the same quadratic at other points: every call returns a fresh gradient array,
     * counts one evaluation, and leaves the parameters untouched. Like the engine, which reuses the
     * step's gradient buffer for the oracle, the first oracle call invalidates {@link #gradient()}
     * (it is filled with NaN), so an optimizer that reads it afterwards without having copied it
     * fails the kit.
     */
    public static final class QuadraticStep implements Step {

        private final QuadraticProblem problem;
        private final INDArray parameters;
        private final INDArray gradient;
        private final double loss;
        private final double learningRate;
        private final long iteration;
        private final int epoch;
        private final int batchSize;
        private long oracleEvaluations;

        private QuadraticStep(QuadraticProblem problem, INDArray parameters, double learningRate, long iteration,
                int epoch, int batchSize) {
            this.problem = problem;
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            GradientOracle.Evaluation e = problem.evaluate(parameters);
            this.gradient = e.gradient().castTo(parameters.dataType());
            this.loss = e.loss();
            this.learningRate = learningRate;
            this.iteration = iteration;
            this.epoch = epoch;
            this.batchSize = batchSize;
        }

        @Override
        public INDArray parameters() {
            return parameters;
        }

        /** ∇L at the parameters as they were when the step was made, in the parameters' data type. */
        @Override
        public INDArray gradient() {
            return gradient;
        }

        @Override
        public double loss() {
            return loss;
        }

        @Override
        public GradientOracle oracle() {
            return theta -> {
                if (oracleEvaluations == 0) {
                    gradient.assign(Double.NaN);
                }
                oracleEvaluations++;
                GradientOracle.Evaluation e = problem.evaluate(theta);
                return new GradientOracle.Evaluation(e.loss(), e.gradient().castTo(theta.dataType()));
            };
        }

        @Override
        public double learningRate() {
            return learningRate;
        }

        @Override
        public long iteration() {
            return iteration;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        /** How many times this step's oracle was called (the initial gradient not included). */
        public long oracleEvaluations() {
            return oracleEvaluations;
        }
    }
}
