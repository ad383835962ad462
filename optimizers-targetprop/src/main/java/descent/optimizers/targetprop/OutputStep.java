package descent.optimizers.targetprop;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output layer on the global loss (seed 001's listings: {@code L_L = Loss(Ŷ, T)}): a step of
 * (W_L, b_L) along the negative gradient of the mean cross-entropy of softmax(h_{L−1}·W_L + b_L).
 *
 * <p>Along {@code W − αG, b − αg} the logits move linearly, {@code Z(α) = Z₀ − αD} with
 * {@code D = X·G + g}, so the loss along the line is
 * <pre>
 *   φ(α) = (1/N) Σ_k [ s_k · logsumexp(z_k − α d_k) − y_k · (z_k − α d_k) ],   s_k = Σ_c y_kc
 *   φ'(α) = (1/N) Σ_k (y_k − s_k p_k(α)) · d_k,      φ''(α) = (1/N) Σ_k s_k Var_{p_k(α)}(d_k) ≥ 0
 * </pre>
 * φ is convex, and {@code φ'(0) = −‖(G, g)‖²}. {@link #exact} finds its minimiser by safeguarded
 * Newton on φ' inside a bracket [lo, hi] with φ'(lo) &lt; 0 &lt; φ'(hi): a Newton step that leaves the
 * bracket is replaced by bisection, and the search stops when |φ'(α)| ≤ 1e-10·|φ'(0)| or the
 * bracket is narrower than 1e-12 of its upper end (at most 200 iterations). When the cross-entropy
 * keeps falling along the whole ray (the batch is separated along the direction), the step is
 * capped at the largest bracket tried, 2⁶⁰ times the first Newton step. Everything is in double,
 * O(N·C) per evaluation.
 */
final class OutputStep {

    /** Relative tolerance on φ'. */
    static final double DERIVATIVE_TOLERANCE = 1e-10;

    private OutputStep() {
    }

    /** The softmax output layer's loss and gradient at (w, b), and what a line along −gradient needs. */
    record Line(double[] z, double[] d, double[] y, int n, int classes, double loss, INDArray gradWeights, INDArray gradBias) {
    }

    /** Loss, gradient of the mean cross-entropy, and the logit direction D = X·G + g. */
    static Line line(INDArray x, INDArray y, INDArray w, INDArray b) {
        int n = (int) x.size(0);
        int c = (int) w.size(1);
        INDArray z = LocalStep.preActivation(x, w, b);
        double[] zs = LocalStep.rowMajor(z);
        double[] ys = LocalStep.rowMajor(y);
        double[] residual = new double[n * c];
        double loss = 0;
        double[] p = new double[c];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += ys[k * c + j];
            }
            loss += lossAndProbabilities(zs, k * c, c, ys, p, 0, null, s);
            for (int j = 0; j < c; j++) {
                residual[k * c + j] = s * p[j] - ys[k * c + j];
            }
        }
        INDArray r = org.nd4j.linalg.factory.Nd4j.create(residual, new long[] {n, c}, 'c').castTo(w.dataType());
        INDArray gw = Rows.product(x, true, r, false).divi(n);
        INDArray gb = Rows.columnSums(r).divi(n);
        double[] ds = LocalStep.rowMajor(LocalStep.preActivation(x, gw, gb));
        return new Line(zs, ds, ys, n, c, loss / n, gw, gb);
    }

    /**
     * One row's {@code s·logsumexp(z − αd) − y·(z − αd)}; fills {@code p} with softmax(z − αd).
     * {@code d} null means α = 0.
     */
    private static double lossAndProbabilities(double[] z, int offset, int c, double[] y, double[] p, double alpha, double[] d, double s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            p[j] = z[offset + j] - (d == null ? 0 : alpha * d[offset + j]);
            max = Math.max(max, p[j]);
        }
        double sum = 0;
        double dot = 0;
        for (int j = 0; j < c; j++) {
            dot += y[offset + j] * p[j];
            p[j] = Math.exp(p[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < c; j++) {
            p[j] /= sum;
        }
        return s * (max + Math.log(sum)) - dot;
    }

    /** φ(α), φ'(α) and φ''(α) of a line. */
    static double[] along(Line line, double alpha) {
        int c = line.classes();
        double[] p = new double[c];
        double f = 0;
        double f1 = 0;
        double f2 = 0;
        for (int k = 0; k < line.n(); k++) {
            int o = k * c;
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += line.y()[o + j];
            }
            f += lossAndProbabilities(line.z(), o, c, line.y(), p, alpha, line.d(), s);
            double pd = 0;
            double pdd = 0;
            double yd = 0;
            for (int j = 0; j < c; j++) {
                double dj = line.d()[o + j];
                pd += p[j] * dj;
                pdd += p[j] * dj * dj;
                yd += line.y()[o + j] * dj;
            }
            f1 += yd - s * pd;
            f2 += s * (pdd - pd * pd);
        }
        return new double[] {f / line.n(), f1 / line.n(), Math.max(f2 / line.n(), 0)};
    }

    /** The minimiser of φ over α ≥ 0 (0 if φ'(0) ≥ 0, that is, a zero gradient). */
    static double minimise(Line line) {
        double[] at0 = along(line, 0);
        double slope0 = at0[1];
        if (!(slope0 < 0)) {
            return 0;
        }
        double tolerance = DERIVATIVE_TOLERANCE * Math.abs(slope0);
        double lo = 0;
        double first = at0[2] > 0 ? -slope0 / at0[2] : 1;
        double hi = first;
        double[] atHi = along(line, hi);
        int doublings = 0;
        while (atHi[1] < 0 && doublings < 60) {
            lo = hi;
            hi *= 2;
            atHi = along(line, hi);
            doublings++;
        }
        if (atHi[1] < 0) {
            return hi;
        }
        double alpha = hi;
        double[] at = atHi;
        for (int i = 0; i < 200; i++) {
            if (Math.abs(at[1]) <= tolerance || hi - lo <= 1e-12 * hi) {
                break;
            }
            double newton = at[2] > 0 ? alpha - at[1] / at[2] : Double.NaN;
            alpha = newton > lo && newton < hi ? newton : (lo + hi) / 2;
            at = along(line, alpha);
            if (at[1] < 0) {
                lo = alpha;
            } else {
                hi = alpha;
            }
        }
        return alpha;
    }

    /** Steps (w, b) to the exact minimiser of the cross-entropy along −gradient. */
    static LocalStep.Result exact(INDArray x, INDArray y, INDArray w, INDArray b) {
        Line line = line(x, y, w, b);
        return apply(line, minimise(line), w, b);
    }

    /**
     * Seed 001 §3.4 as printed, on the global loss: {@code ρ ← ρ/2} before every trial, accept the
     * first trial whose cross-entropy is at most the loss before ({@code while L_after > L_before}),
     * at most {@code maxHalvings} trials; the result's rate is the rate to keep for the next step.
     */
    static LocalStep.Result literal(INDArray x, INDArray y, INDArray w, INDArray b, double rate, int maxHalvings) {
        Line line = line(x, y, w, b);
        double rho = rate;
        for (int i = 0; i < maxHalvings; i++) {
            rho /= 2;
            if (along(line, rho)[0] <= line.loss()) {
                LocalStep.Result r = apply(line, rho, w, b);
                return r;
            }
        }
        LocalStep.Result none = apply(line, 0, w, b);
        return new LocalStep.Result(none.lossBefore(), rho, 1, none.deltaWeights(), none.deltaBias());
    }

    private static LocalStep.Result apply(Line line, double alpha, INDArray w, INDArray b) {
        INDArray dw = line.gradWeights().mul(-alpha);
        INDArray db = line.gradBias().mul(-alpha);
        w.addi(dw);
        b.addi(db.reshape(b.shape()));
        return new LocalStep.Result(line.loss(), alpha, 1, dw, db);
    }
}
