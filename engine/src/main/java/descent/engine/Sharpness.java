package descent.engine;

import descent.api.model.Model;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The top eigenvalue λ_max of the Hessian of the mean training loss (the sharpness), by power
 * iteration on Hessian-vector products (seed 000, chapter 3: gradient descent tracks the gradient
 * flow only while α λ_max &lt; 2; Cohen et al. 2021 for the edge of stability).
 *
 * <p>DL4J gives no second derivatives, so each product is a central difference of the model's own
 * gradient, {@code Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / 2h} for a unit vector v, two gradient
 * evaluations, with error O(h²) (the third derivative) plus rounding O(δ/h), δ the gradient's
 * rounding. The step is {@code h = ε^{1/3} (1 + ‖θ‖)}, with ε the unit roundoff of the parameters'
 * type, which balances the two (h ≈ 0.005 (1 + ‖θ‖) in float). The error of the estimate is measured,
 * not assumed: at the final vector the product is computed again at h/2, and
 * {@code ‖Hv_h − Hv_{h/2}‖ / (3 ‖Hv_{h/2}‖)} (Richardson's estimate of the O(h²) term) is reported.
 *
 * <p>The parameters are restored bit for bit afterwards, and the gradient buffer is left holding
 * the gradient at θ on the subset, so a diagnostic never changes training. Its gradient
 * evaluations are counted in the result, apart from training's.
 */
public final class Sharpness {

    /**
     * One measurement.
     *
     * @param lambda the estimate of λ_max (the Rayleigh quotient at the last vector)
     * @param iterations power iterations taken
     * @param gradientEvaluations gradient evaluations spent, on the subset
     * @param relativeError Richardson's estimate of the difference scheme's relative error at the last vector
     * @param step the difference step h
     * @param converged whether successive estimates agreed to the tolerance
     */
    public record Result(double lambda, int iterations, long gradientEvaluations, double relativeError, double step, boolean converged) {
    }

    private Sharpness() {
    }

    /**
     * λ_max of the Hessian of the mean loss on {@code (x, y)} at the model's current parameters.
     *
     * @param maxIterations at most this many power iterations (each two gradient evaluations)
     * @param tolerance stop when successive estimates differ by at most this, relatively
     * @param seed seeds the starting vector
     */
    public static Result topEigenvalue(Model model, INDArray x, INDArray y, int maxIterations, double tolerance, long seed) {
        INDArray params = model.parameters();
        INDArray theta = params.dup();
        DataType type = params.dataType();
        double eps = type == DataType.DOUBLE ? 0x1p-53 : 0x1p-24;
        double h = Math.cbrt(eps) * (1 + theta.norm2Number().doubleValue());
        INDArray v = random(theta, seed);
        double lambda = Double.NaN;
        long evaluations = 0;
        int iterations = 0;
        boolean converged = false;
        INDArray hv = null;
        try {
            for (int i = 0; i < maxIterations; i++) {
                hv = hvp(model, x, y, theta, v, h);
                evaluations += 2;
                iterations++;
                double next = dot(v, hv);
                double norm = hv.norm2Number().doubleValue();
                if (!(norm > 0) || !Double.isFinite(norm)) {
                    lambda = next;
                    break;
                }
                boolean close = Double.isFinite(lambda) && Math.abs(next - lambda) <= tolerance * Math.abs(next);
                lambda = next;
                // power iteration finds the eigenvalue of largest magnitude; the sharpness of a
                // minimum is positive, and the sign is kept as measured
                v = hv.div(norm);
                if (close) {
                    converged = true;
                    break;
                }
            }
            double error = Double.NaN;
            if (hv != null) {
                INDArray half = hvp(model, x, y, theta, v, h / 2);
                INDArray full = hvp(model, x, y, theta, v, h);
                evaluations += 4;
                double denominator = half.norm2Number().doubleValue();
                error = denominator > 0 ? full.sub(half).norm2Number().doubleValue() / (3 * denominator) : Double.NaN;
            }
            return new Result(lambda, iterations, evaluations, error, h, converged);
        } finally {
            params.assign(theta);
            model.computeGradient(x, y);
        }
    }

    /**
     * The Hessian's trace by Hutchinson's estimator: the mean of {@code vᵀHv} over {@code samples}
     * Rademacher vectors v (entries ±1, seeded), each product a central difference as in
     * {@link #topEigenvalue} (two gradient evaluations). Unbiased, with variance
     * {@code 2 Σ_{i≠j} H_ij²} per sample; the standard error of the mean is returned beside it.
     * Parameters restored, gradient buffer left at θ, as there.
     *
     * @return {trace, standard error, gradient evaluations}
     */
    public static double[] trace(Model model, INDArray x, INDArray y, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("samples must be >= 2, got " + samples);
        }
        INDArray params = model.parameters();
        INDArray theta = params.dup();
        DataType type = params.dataType();
        double eps = type == DataType.DOUBLE ? 0x1p-53 : 0x1p-24;
        SplittableRandom random = new SplittableRandom(seed);
        int n = (int) theta.length();
        double h = Math.cbrt(eps) * (1 + theta.norm2Number().doubleValue());
        double sum = 0;
        double sumSquares = 0;
        try {
            for (int s = 0; s < samples; s++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = random.nextBoolean() ? 1 : -1;
                }
                INDArray rademacher = Nd4j.create(v, theta.shape(), 'c').castTo(type);
                // a unit vector for the difference step, as in topEigenvalue, scaled back: vᵀHv = n uᵀHu
                INDArray u = rademacher.div(Math.sqrt(n));
                double q = n * dot(u, hvp(model, x, y, theta, u, h));
                sum += q;
                sumSquares += q * q;
            }
        } finally {
            params.assign(theta);
            model.computeGradient(x, y);
        }
        double mean = sum / samples;
        double variance = Math.max(0, (sumSquares - samples * mean * mean) / (samples - 1));
        return new double[] {mean, Math.sqrt(variance / samples), 2.0 * samples + 1};
    }

    /** {@code (∇L(θ + hv) − ∇L(θ − hv)) / 2h}, leaving the parameters at θ + or − hv: the caller restores them. */
    static INDArray hvp(Model model, INDArray x, INDArray y, INDArray theta, INDArray v, double h) {
        INDArray params = model.parameters();
        params.assign(theta.add(v.mul(h)));
        model.computeGradient(x, y);
        INDArray plus = model.gradient().dup();
        params.assign(theta.sub(v.mul(h)));
        model.computeGradient(x, y);
        INDArray minus = model.gradient().dup();
        params.assign(theta);
        return plus.subi(minus).divi(2 * h);
    }

    private static INDArray random(INDArray like, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) like.length()];
        double sq = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
            sq += v[i] * v[i];
        }
        double norm = Math.sqrt(sq);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return Nd4j.create(v, like.shape(), 'c').castTo(like.dataType());
    }

    private static double dot(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    /**
     * The stability ratio of a step {@code lr} at sharpness {@code lambda}: {@code lr λ / 2} for
     * gradient descent, {@code lr λ / (2 + 2β)} with heavy-ball momentum β. Above 1 the linearised
     * iteration diverges along the top eigenvector.
     */
    public static double stabilityRatio(double lr, double lambda, double momentum) {
        double bound = Double.isFinite(momentum) && momentum > 0 ? 2 + 2 * momentum : 2;
        return lr * lambda / bound;
    }
}
