package descent.optimizers.targetprop;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One descent step of a single layer on its local loss: the mathematics of seed 001, §3.2 to §3.4.
 *
 * <p>The layer maps inputs {@code X [N, nIn]} to {@code Z = X·W + b} and, for a hidden (or inverse)
 * layer, {@code ReLU(Z)}; the output layer is linear. With the bias folded into an augmented weight
 * {@code w_j = [W[:, j]; b_j]} and {@code x_k = [x_k; 1]}, the local loss towards the targets
 * {@code T [N, nOut]} is
 * <pre>
 *   L(W, b) = (1/N) Σ_k ‖act(x_k·W + b) − t_k‖²                                   (thesis 3-9)
 * </pre>
 * Its gradient with the active set Pos = {(j, k): z_jk &gt; 0} held fixed is
 * {@code G = (2/N) Σ_{k∈Pos_j} (w_j·x_k − t_jk) x_k} per unit (3-11). Along {@code w_j − ρ g_j}, unit
 * j's part of the loss is the parabola {@code Σ_{k∈Pos_j} (r_jk − ρ d_jk)²} with
 * {@code r_jk = w_j·x_k − t_jk} and {@code d_jk = g_j·x_k} (the pre-activation's rate of change),
 * so setting its derivative {@code −2 Σ (r_jk − ρ d_jk) d_jk} to zero gives
 * <pre>
 *   ρ_opt,j = Σ_{k∈Pos_j} r_jk d_jk / Σ_{k∈Pos_j} d_jk²
 * </pre>
 * The numerator equals {@code (N/2)‖g_j‖² ≥ 0}: the step goes downhill. The thesis prints it with
 * the opposite sign ({@code ĥ − w·x} in eq. 3-15), which with its own update rule
 * {@code W ← W − ρW'} would give a negative rate, an uphill step. The active set stays fixed while
 * no active pre-activation {@code z_jk − ρ d_jk} reaches zero: the first such step is the smallest
 * positive {@code ρ_jk = z_jk / d_jk} over active k (3-17, 3-18), and its minimum over units is
 * {@code ρ_online} (3-19). Pairs that are inactive and would become active are not bounded, as in
 * the thesis.
 *
 * <p>Rates, by {@link Rule}:
 * <ul>
 *   <li>{@link Rule#OPTIMAL_LAYER} (eq. 3-20): one rate {@code min(min_j ρ_opt,j, ρ_online)} for a
 *       ReLU layer; for the linear output layer (no active set) the exact minimiser of its
 *       quadratic local loss along {@code −G}, {@code Σ_jk r_jk d_jk / Σ_jk d_jk²}.</li>
 *   <li>{@link Rule#OPTIMAL_UNIT}: each unit its own rate, {@code min(ρ_opt,j, min_k ρ_jk)} for a
 *       ReLU layer, {@code ρ_opt,j} for the linear layer (which then lands on the exact minimum of
 *       each unit's own parabola).</li>
 *   <li>{@link Rule#LINE_SEARCH} (§3.4): from an initial rate, halve until the true local loss (with
 *       ReLU, not the fixed-active-set model) is strictly below its value before the step; no update
 *       if it never is.</li>
 *   <li>{@link Rule#FIXED}: a given rate (difference target propagation).</li>
 * </ul>
 * Units without an active example (or with a zero gradient) have no defined optimal rate and are
 * left alone; they do not constrain the layer rate. Sums over examples accumulate in double.
 *
 * <p>Arrays may be views; {@code W} and {@code b} are updated in place, every other argument is
 * read only.
 */
final class LocalStep {

    /** How the step size is chosen. */
    enum Rule {
        /** Eq. 3-20: one rate per layer, the minimum over units of the optimal rate and its active-set bound. */
        OPTIMAL_LAYER,
        /** Each unit its own optimal, bounded rate (not in the thesis). */
        OPTIMAL_UNIT,
        /** One rate per layer, the exact minimum along −G, crossing breakpoints ({@link PiecewiseLine}; not in the thesis). */
        EXACT,
        /** Halve from the initial rate until the loss drops, starting again every step. */
        LINE_SEARCH,
        /** §3.4 as printed: the rate kept across steps, halved before every trial, accepted at ≤. */
        LINE_SEARCH_LITERAL,
        /** A given rate. */
        FIXED,
        /** A descent optimizer ({@link LayerOptimizer}); stepped by the trainer, not here. */
        OPTIMIZER
    }

    /**
     * What one step did.
     *
     * @param lossBefore the local loss before the step
     * @param rate the rate taken (for {@link Rule#OPTIMAL_UNIT}, the mean over units that moved)
     * @param activeFraction fraction of (unit, example) pairs with a positive pre-activation before
     *     the step (1 for a linear layer)
     * @param deltaWeights the change applied to {@code W}, {@code [nIn, nOut]}
     * @param deltaBias the change applied to {@code b}, {@code [1, nOut]}
     */
    record Result(double lossBefore, double rate, double activeFraction, INDArray deltaWeights, INDArray deltaBias) {
    }

    /**
     * The local gradient and what the rates are made of, at the current weights.
     *
     * @param z pre-activations {@code [N, nOut]}
     * @param gradWeights {@code G} for the weights, {@code [nIn, nOut]}
     * @param gradBias {@code G} for the bias, {@code [1, nOut]}
     * @param numerator per unit {@code Σ_{k∈Pos_j} r_jk d_jk}
     * @param denominator per unit {@code Σ_{k∈Pos_j} d_jk²}
     * @param bound per unit the smallest positive {@code z_jk / d_jk} over active k, +∞ if none
     *     (all +∞ for a linear layer)
     * @param loss the local loss
     * @param activeFraction the fraction of positive pre-activations (1 for a linear layer)
     */
    record Direction(INDArray z, INDArray gradWeights, INDArray gradBias, double[] numerator, double[] denominator,
            double[] bound, double loss, double activeFraction, double[] zs, double[] ds, double[] ts,
            float[] zf, float[] df, float[] tf) {

        /** z, d and t in row-major order as doubles, for {@link PiecewiseLine} (widened from float arrays where those were used). */
        double[][] line() {
            return zs != null ? new double[][] {zs, ds, ts} : new double[][] {widen(zf), widen(df), widen(tf)};
        }

        private static double[] widen(float[] f) {
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = f[i];
            }
            return v;
        }

        /** {@code ρ_opt,j}, or NaN where the unit has no active example or a zero gradient. */
        double[] optimalRates() {
            double[] rho = new double[numerator.length];
            for (int j = 0; j < rho.length; j++) {
                rho[j] = denominator[j] > 0 ? numerator[j] / denominator[j] : Double.NaN;
            }
            return rho;
        }
    }

    private LocalStep() {
    }

    /** {@code x·w + b}, a new row-major array: the bias rows first, the product added onto them in one gemm ({@link Blas}). */
    static INDArray preActivation(INDArray x, INDArray w, INDArray b) {
        return Blas.product(x, false, w, false, 'c', 1.0, b);
    }

    /** The local loss {@code (1/N) Σ_k ‖act(x_k·W + b) − t_k‖²}. */
    static double loss(INDArray x, INDArray t, INDArray w, INDArray b, boolean relu) {
        double[] zs = rowMajor(preActivation(x, w, b));
        double[] ts = rowMajor(t);
        double sum = 0;
        for (int i = 0; i < zs.length; i++) {
            double e = (relu && zs[i] <= 0 ? 0 : zs[i]) - ts[i];
            sum += e * e;
        }
        return sum / x.size(0);
    }

    /** The gradient with the active set fixed, and the pieces of the optimal rates and their bounds. */
    static Direction direction(INDArray x, INDArray t, INDArray w, INDArray b, boolean relu) {
        return direction(x, preActivation(x, w, b), t, w, b, relu);
    }

    /** {@link #direction(INDArray, INDArray, INDArray, INDArray, boolean)} with {@code z = x·w + b} already at hand (read only). */
    static Direction direction(INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu) {
        return direction(x, z, t, w, b, relu, null);
    }

    /**
     * {@link #direction(INDArray, INDArray, INDArray, INDArray, INDArray, boolean)} whose float
     * path reads z, t and d into {@code scratch}'s arrays (null: fresh ones): the result's float
     * arrays are then valid until the next use of {@code scratch}.
     */
    static Direction direction(INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu, Scratch scratch) {
        if (z.dataType() == DataType.FLOAT && t.dataType() == DataType.FLOAT) {
            return directionFloat(x, z, t, w, b, relu, scratch == null ? new Scratch() : scratch);
        }
        int n = (int) x.size(0);
        int units = (int) w.size(1);
        double[] zs = rowMajor(z);
        double[] ts = rowMajor(t);
        // r = (z − t) on the active set, in z's precision: a float difference rounded from the
        // (exact) double one is the float difference, since 53 ≥ 2·24 + 2 (double rounding is harmless).
        // Written without data-dependent branches (about half the pre-activations are positive, at random).
        double[] rs = new double[zs.length];
        long activeCount = 0;
        for (int i = 0; i < zs.length; i++) {
            boolean on = !relu || zs[i] > 0;
            rs[i] = on ? zs[i] - ts[i] : 0;
            activeCount += on ? 1 : 0;
        }
        double active = relu ? activeCount / ((double) n * units) : 1;
        INDArray r = Rows.matrix(rs, n, units, z.dataType());
        INDArray gw = Blas.product(x, true, r, false, w.ordering(), 2.0 / n, null);
        INDArray gb = Rows.columnSums(r, 2.0 / n);
        INDArray d = preActivation(x, gw, gb);
        double[] ds = rowMajor(d);
        double[] numerator = new double[units];
        double[] denominator = new double[units];
        double[] bound = new double[units];
        java.util.Arrays.fill(bound, Double.POSITIVE_INFINITY);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            int row = k * units;
            for (int j = 0; j < units; j++) {
                double zk = zs[row + j];
                double tk = ts[row + j];
                boolean on = !relu || zk > 0;
                double e = (on ? zk : 0) - tk;
                loss += e * e;
                double dk = on ? ds[row + j] : 0;
                numerator[j] += (zk - tk) * dk;
                denominator[j] += dk * dk;
                double q = relu && dk > 0 ? zk / dk : Double.POSITIVE_INFINITY;
                bound[j] = q < bound[j] ? q : bound[j];
            }
        }
        return new Direction(z, gw, gb, numerator, denominator, bound, loss / n, active, zs, ds, ts, null, null, null);
    }

    /**
     * {@link #direction(INDArray, INDArray, INDArray, INDArray, INDArray, boolean)} on float arrays:
     * the same arithmetic (every float widens exactly to the double the other path reads, and the
     * residual is the float difference either way) without the double copies.
     */
    private static Direction directionFloat(INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu, Scratch scratch) {
        int n = (int) x.size(0);
        int units = (int) w.size(1);
        int length = n * units;
        float[] zs = Rows.floats(z, scratch.floats(0, length));
        float[] ts = Rows.floats(t, scratch.floats(1, length));
        float[] rs = scratch.floats(2, length);
        long activeCount = VectorDirection.AVAILABLE ? VectorDirection.residual(zs, ts, rs, relu) : residual(zs, ts, rs, 0, relu);
        double active = relu ? activeCount / ((double) n * units) : 1;
        INDArray r = Rows.matrix(rs, n, units);
        INDArray gw = Blas.product(x, true, r, false, w.ordering(), 2.0 / n, null);
        INDArray gb = Rows.columnSums(r, 2.0 / n);
        INDArray d = preActivation(x, gw, gb);
        float[] ds = Rows.floats(d, scratch.floats(3, length));
        double[] numerator = new double[units];
        double[] denominator = new double[units];
        double[] bn = new double[units];
        double[] bd = new double[units];
        // The loss comes with the sums, in example order, as the double path sums it.
        double loss = VectorDirection.AVAILABLE
                ? VectorDirection.accumulate(zs, ts, ds, n, units, relu, numerator, denominator, bn, bd)
                : accumulate(zs, ts, ds, n, units, relu, numerator, denominator, bn, bd);
        double[] bound = new double[units];
        for (int j = 0; j < units; j++) {
            bound[j] = bd[j] > 0 ? bn[j] / bd[j] : Double.POSITIVE_INFINITY;
        }
        return new Direction(z, gw, gb, numerator, denominator, bound, loss / n, active, null, null, null, zs, ds, ts);
    }

    /** {@code rs[i] = z−t} on the active set (z > 0 for a ReLU), else 0, from index {@code from}; returns how many are active. */
    static long residual(float[] zs, float[] ts, float[] rs, int from, boolean relu) {
        long active = 0;
        for (int i = from; i < zs.length; i++) {
            boolean on = !relu || zs[i] > 0;
            rs[i] = on ? zs[i] - ts[i] : 0f;
            active += on ? 1 : 0;
        }
        return active;
    }

    /**
     * The float path's per-unit sums over the examples, in example order for every unit:
     * {@code numerator[j] += (z−t)·d}, {@code denominator[j] += d²} with d zero off the active set,
     * and the bound {@code min_k z/d over d > 0} kept as the fraction {@code bn[j]/bd[j]} (bd = 0: none
     * yet; bn starts at 1). The fraction is compared by cross-multiplication: the operands are floats,
     * so both products are exact in double, the comparison is exact, and {@code bn/bd} at the end is
     * the quotient the double path takes its minimum of. No division, and selects rather than
     * branches. Returns the sum of the squared errors {@code (act(z) − t)²} over all elements in
     * row-major order, the order in which the double path and {@link #loss} sum them, so the loss
     * costs no pass of its own. {@link VectorDirection} does the same sums, bit for bit, several
     * units at a time.
     */
    static double accumulate(float[] zs, float[] ts, float[] ds, int n, int units, boolean relu, double[] numerator,
            double[] denominator, double[] bn, double[] bd) {
        java.util.Arrays.fill(bn, 1);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            int row = k * units;
            for (int j = 0; j < units; j++) {
                loss += accumulateOne(zs[row + j], ts[row + j], ds[row + j], j, relu, numerator, denominator, bn, bd);
            }
        }
        return loss;
    }

    /** One element's part of {@link #accumulate}, for unit j; returns its squared error. */
    static double accumulateOne(double zk, double tk, double d, int j, boolean relu, double[] numerator, double[] denominator,
            double[] bn, double[] bd) {
        boolean on = !relu | zk > 0;
        double dk = on ? d : 0;
        numerator[j] += (zk - tk) * dk;
        denominator[j] += dk * dk;
        double bnj = bn[j];
        double bdj = bd[j];
        boolean lower = relu & dk > 0 & zk * bdj < bnj * dk;
        bn[j] = lower ? zk : bnj;
        bd[j] = lower ? dk : bdj;
        double e = (on ? zk : 0) - tk;
        return e * e;
    }

    /**
     * Takes one step of {@code rule} on {@code (w, b)} in place. The update arrays of the result
     * are the direction's gradient arrays, scaled in place (the direction is not used after).
     *
     * @param rate the rate for {@link Rule#FIXED}, the initial rate for {@link Rule#LINE_SEARCH},
     *     the kept rate for {@link Rule#LINE_SEARCH_LITERAL} (the result's rate is the one to keep);
     *     ignored otherwise
     * @param maxHalvings for {@link Rule#LINE_SEARCH}: how many halvings to try before giving up
     */
    static Result step(INDArray x, INDArray t, INDArray w, INDArray b, boolean relu, Rule rule, double rate, int maxHalvings) {
        return step(x, null, t, w, b, relu, rule, rate, maxHalvings);
    }

    /** {@link #step(INDArray, INDArray, INDArray, INDArray, boolean, Rule, double, int)} with the layer's current {@code z = x·w + b}, or null to compute it. */
    static Result step(INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu, Rule rule, double rate, int maxHalvings) {
        return step(x, z, t, w, b, relu, rule, rate, maxHalvings, null);
    }

    /** {@link #step(INDArray, INDArray, INDArray, INDArray, INDArray, boolean, Rule, double, int)} reading into {@code scratch}'s arrays (null: fresh ones). */
    static Result step(INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu, Rule rule, double rate, int maxHalvings,
            Scratch scratch) {
        Direction dir = direction(x, z == null ? preActivation(x, w, b) : z, t, w, b, relu, scratch);
        int units = (int) w.size(1);
        INDArray dw;
        INDArray db;
        double reported;
        switch (rule) {
            case OPTIMAL_UNIT -> {
                double[] rho = unitRates(dir, relu);
                double sum = 0;
                int moved = 0;
                for (double r : rho) {
                    if (r > 0) {
                        sum += r;
                        moved++;
                    }
                }
                reported = moved == 0 ? 0 : sum / moved;
                dw = Rows.scaleColumns(dir.gradWeights(), rho).negi();
                db = Rows.scaleColumns(dir.gradBias(), rho).negi();
            }
            case OPTIMAL_LAYER -> {
                reported = layerRate(dir, relu);
                dw = dir.gradWeights().muli(-reported);
                db = dir.gradBias().muli(-reported);
            }
            case EXACT -> {
                double[][] line = dir.line();
                reported = PiecewiseLine.minimise(line[0], line[1], line[2], relu);
                dw = dir.gradWeights().muli(-reported);
                db = dir.gradBias().muli(-reported);
            }
            case LINE_SEARCH_LITERAL -> {
                double rho = rate;
                double taken = 0;
                for (int i = 0; i < maxHalvings; i++) {
                    rho /= 2;
                    INDArray tw = w.sub(dir.gradWeights().mul(rho));
                    INDArray tb = b.sub(dir.gradBias().mul(rho));
                    if (loss(x, t, tw, tb, relu) <= dir.loss()) {
                        taken = rho;
                        break;
                    }
                }
                reported = rho;
                dw = dir.gradWeights().muli(-taken);
                db = dir.gradBias().muli(-taken);
            }
            case FIXED -> {
                reported = rate;
                dw = dir.gradWeights().muli(-rate);
                db = dir.gradBias().muli(-rate);
            }
            case LINE_SEARCH -> {
                reported = 0;
                double rho = rate;
                for (int i = 0; i <= maxHalvings; i++, rho /= 2) {
                    INDArray tw = w.sub(dir.gradWeights().mul(rho));
                    INDArray tb = b.sub(dir.gradBias().mul(rho));
                    if (loss(x, t, tw, tb, relu) < dir.loss()) {
                        reported = rho;
                        break;
                    }
                }
                dw = dir.gradWeights().muli(-reported);
                db = dir.gradBias().muli(-reported);
            }
            default -> throw new IllegalStateException("rule " + rule + " is not a LocalStep rule");
        }
        w.addi(dw);
        // DL4J's bias view is [nOut], not the [1, nOut] DenseLayer documents: update it in its own shape.
        b.addi(db.reshape(b.shape()));
        return new Result(dir.loss(), reported, dir.activeFraction(), dw, db);
    }

    /** Eq. 3-20: {@code min(min_j ρ_opt,j, ρ_online)}; the exact line minimum for a linear layer; 0 if nothing moves. */
    static double layerRate(Direction dir, boolean relu) {
        if (!relu) {
            double num = 0;
            double den = 0;
            for (int j = 0; j < dir.numerator().length; j++) {
                num += dir.numerator()[j];
                den += dir.denominator()[j];
            }
            return den > 0 ? num / den : 0;
        }
        double rho = Double.POSITIVE_INFINITY;
        double[] opt = dir.optimalRates();
        for (int j = 0; j < opt.length; j++) {
            if (!Double.isNaN(opt[j])) {
                rho = Math.min(rho, Math.min(opt[j], dir.bound()[j]));
            }
        }
        return Double.isInfinite(rho) ? 0 : rho;
    }

    /** Per unit {@code min(ρ_opt,j, min_k ρ_jk)} (ReLU) or {@code ρ_opt,j} (linear); 0 where undefined. */
    static double[] unitRates(Direction dir, boolean relu) {
        double[] rho = dir.optimalRates();
        for (int j = 0; j < rho.length; j++) {
            if (Double.isNaN(rho[j])) {
                rho[j] = 0;
            } else if (relu) {
                rho[j] = Math.min(rho[j], dir.bound()[j]);
            }
        }
        return rho;
    }

    /** The elements of a 2-d array in row-major order, as doubles (a copy). */
    static double[] rowMajor(INDArray a) {
        return Rows.doubles(a);
    }

    /**
     * Float arrays kept from one step to the next by one trainer (one thread at a time), so that
     * the float path's copies of z, t, the residual and d (a megabyte each for a 500-wide layer at
     * batch 500) are not allocated, zeroed and collected four times a layer a step. An array is
     * reused while the length asked for stays the same; every user overwrites all of it.
     */
    static final class Scratch {
        private final float[][] slots = new float[5][];

        /** The array of slot {@code slot} (0 to 4) with exactly {@code length} elements, contents unspecified. */
        float[] floats(int slot, int length) {
            float[] a = slots[slot];
            if (a == null || a.length != length) {
                a = new float[length];
                slots[slot] = a;
            }
            return a;
        }
    }
}
