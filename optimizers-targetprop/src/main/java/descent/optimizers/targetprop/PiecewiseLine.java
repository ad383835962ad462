package descent.optimizers.targetprop;

import java.util.Arrays;

/**
 * The exact minimum of a ReLU layer's local loss along one direction, crossing active-set
 * breakpoints (a non-thesis variant, {@code rate-mode=exact}). Along {@code w − ρg} each
 * (example, unit) term is {@code (max(0, z − ρd) − t)²}: the parabola {@code (z − t − ρd)²} while
 * {@code z − ρd > 0} and the constant {@code t²} otherwise, so the loss is piecewise quadratic in
 * ρ with a breakpoint at {@code ρ = z/d} for each term whose sign changes at a positive ρ. Sorting
 * the breakpoints and sweeping them with the running sums A ρ² + B ρ + C of the current pieces gives
 * the global minimiser over ρ ≥ 0 in O(M log M) for M terms. Unlike eq. 3-20 it may switch units
 * on and off (the thesis stops at the first breakpoint, 3-17 to 3-19); unlike the thesis's claim,
 * the loss may keep falling past that breakpoint, and this finds where it stops.
 */
final class PiecewiseLine {

    private PiecewiseLine() {
    }

    /**
     * The smallest ρ ≥ 0 at which {@code (1/N) Σ (act(z − ρd) − t)²} is least (act = ReLU, or the
     * identity when {@code relu} is false); 0 when nothing decreases it.
     */
    static double minimise(double[] z, double[] d, double[] t, boolean relu) {
        int m = z.length;
        double a2 = 0;
        double b1 = 0;
        double c0 = 0;
        int events = 0;
        double[] at = new double[m];
        int[] which = new int[m];
        for (int i = 0; i < m; i++) {
            double r = z[i] - t[i];
            boolean active = !relu || z[i] > 0 || (z[i] == 0 && d[i] < 0);
            if (active) {
                a2 += d[i] * d[i];
                b1 += -2 * d[i] * r;
                c0 += r * r;
            } else {
                c0 += t[i] * t[i];
            }
            if (relu && d[i] != 0) {
                double rho = z[i] / d[i];
                if (rho > 0) {
                    at[events] = rho;
                    which[events] = i;
                    events++;
                }
            }
        }
        // Sort (breakpoint, term) pairs as primitives: a positive float's bits order like its value,
        // so the breakpoint's float bits above the term's index sort by breakpoint. Breakpoints
        // closer than float resolution may swap; the loss is continuous there, so the sweep's
        // values stay those of the function, and each interval uses the exact double breakpoints.
        long[] packed = new long[events];
        for (int e = 0; e < events; e++) {
            packed[e] = ((long) Float.floatToIntBits((float) at[e]) << 32) | (which[e] & 0xFFFFFFFFL);
        }
        Arrays.sort(packed);
        double[] keys = new double[events];
        int[] terms = new int[events];
        for (int e = 0; e < events; e++) {
            terms[e] = (int) packed[e];
            keys[e] = z[terms[e]] / d[terms[e]];
        }

        double bestRho = 0;
        double bestValue = c0;
        double lo = 0;
        for (int e = 0; e <= events; e++) {
            double hi = e < events ? Math.max(keys[e], lo) : Double.POSITIVE_INFINITY;
            if (a2 > 0) {
                double vertex = Math.min(Math.max(-b1 / (2 * a2), lo), hi);
                if (Double.isFinite(vertex)) {
                    double value = (a2 * vertex + b1) * vertex + c0;
                    if (value < bestValue) {
                        bestValue = value;
                        bestRho = vertex;
                    }
                }
            }
            if (e == events) {
                break;
            }
            // Cross the breakpoint: the term switches between its parabola and its constant.
            int i = terms[e];
            double r = z[i] - t[i];
            double sign = d[i] > 0 ? -1 : 1; // d > 0: active -> inactive; d < 0: inactive -> active
            a2 += sign * d[i] * d[i];
            b1 += sign * -2 * d[i] * r;
            c0 += sign * (r * r - t[i] * t[i]);
            if (a2 < 0) {
                a2 = 0;
            }
            lo = hi;
        }
        return bestRho;
    }

    /** {@code Σ (act(z − ρd) − t)²}, for checks. */
    static double sum(double[] z, double[] d, double[] t, boolean relu, double rho) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double v = z[i] - rho * d[i];
            double e = (relu && v <= 0 ? 0 : v) - t[i];
            s += e * e;
        }
        return s;
    }
}
