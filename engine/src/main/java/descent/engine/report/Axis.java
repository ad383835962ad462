package descent.engine.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The range and ticks of one plot axis, linear or base-10 logarithmic. Linear ticks step by
 * 1, 2 or 5 × 10^k, the step nearest to the span over {@code target} (Heckbert, "Nice numbers for
 * graph labels", Graphics Gems, 1990); logarithmic ticks are decades. The range is the data's,
 * widened by a margin so that no point sits on the frame, and the ticks lie inside it.
 */
final class Axis {

    /** A tick: its data value, its label (null for an unlabelled minor tick) and whether it is a decade. */
    record Tick(double value, String label, boolean major, int exponent) {}

    final double min;
    final double max;
    final boolean log;
    final List<Tick> ticks;

    private Axis(double min, double max, boolean log, List<Tick> ticks) {
        this.min = min;
        this.max = max;
        this.log = log;
        this.ticks = ticks;
    }

    /** Maps a data value to [0, 1] along the axis (may fall outside for values out of range). */
    double fraction(double value) {
        if (log) {
            return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (value - min) / (max - min);
    }

    /** This axis shown over exactly [lo, hi], keeping only the ticks inside. */
    Axis withRange(double lo, double hi) {
        double slack = log ? 1e-9 * hi : 1e-9 * (hi - lo);
        List<Tick> inside = new ArrayList<>();
        for (Tick t : ticks) {
            if (t.value() >= lo - slack && t.value() <= hi + slack) {
                inside.add(t);
            }
        }
        return new Axis(lo, hi, log, List.copyOf(inside));
    }

    /**
     * A linear axis over [lo, hi] (finite, either order; otherwise [0, 1]) widened by
     * {@code margin} times its span on each side, with ticks inside at about {@code target} steps.
     */
    static Axis linear(double lo, double hi, int target, double margin) {
        return linear(lo, hi, target, margin, false);
    }

    /**
     * {@link #linear(double, double, int, double)}, with ticks only at whole numbers when
     * {@code integer} (epochs: a step of at least 1, never 1.2, 1.4, ...).
     */
    static Axis linear(double lo, double hi, int target, double margin, boolean integer) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi))) {
            lo = 0;
            hi = 1;
        }
        if (lo > hi) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-12) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        } else {
            double pad = (hi - lo) * margin;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep(hi - lo, Math.max(2, target));
        if (integer && step < 1) {
            step = 1;
        }
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        while (last - first < 1 && !(integer && step <= 1)) {
            // Rounding the step up can leave a single tick inside; step down the 1-2-5 ladder.
            step = smallerStep(step);
            first = (long) Math.ceil(lo / step - 1e-9);
            last = (long) Math.floor(hi / step + 1e-9);
        }
        List<Tick> ticks = new ArrayList<>();
        double maxAbs = Math.max(Math.abs(first * step), Math.abs(last * step));
        for (long i = first; i <= last; i++) {
            double value = i * step;
            ticks.add(new Tick(value, formatLinear(value, step, maxAbs), true, 0));
        }
        return new Axis(lo, hi, false, List.copyOf(ticks));
    }

    /**
     * A base-10 logarithmic axis over [lo, hi] (both positive and finite; otherwise [1, 10]) widened
     * by {@code margin} times its span in decades on each side. Every decade inside gets a labelled
     * tick (every k-th decade when there are more than {@code target}); 2..9 × 10^k get minor ticks
     * when there are at most six decades, labelled at 2 and 5 within two decades and all labelled
     * within a factor of five, so that a narrow range still has labels. Decade labels read
     * {@code 10^k} (drawn with a superscript), or plain numbers within two decades.
     */
    static Axis logarithmic(double lo, double hi, int target, double margin) {
        if (!(lo > 0 && hi > 0 && Double.isFinite(lo) && Double.isFinite(hi))) {
            lo = 1;
            hi = 10;
        }
        if (lo > hi) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        double logLo = Math.log10(lo);
        double logHi = Math.log10(hi);
        if (logHi - logLo < 1e-9) {
            logLo -= 0.5;
            logHi += 0.5;
        } else {
            double pad = (logHi - logLo) * margin;
            logLo -= pad;
            logHi += pad;
        }
        double span = logHi - logLo;
        int first = (int) Math.floor(logLo);
        int last = (int) Math.ceil(logHi);
        int every = Math.max(1, (int) Math.ceil(span / Math.max(2, target)));
        List<Tick> ticks = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            double decade = Math.pow(10, k);
            if (Math.floorMod(k, every) == 0) {
                // Next to plain minor labels, plain decade labels read more easily than powers.
                String label = span <= 2 ? formatPlain(decade) : "10^" + k;
                ticks.add(new Tick(decade, label, true, k));
            }
            if (span <= 6 && every == 1) {
                for (int m = 2; m <= 9; m++) {
                    boolean labelled = span <= Math.log10(5) || (span <= 2 && (m == 2 || m == 5));
                    ticks.add(new Tick(m * decade, labelled ? formatPlain(m * decade) : null, false, k));
                }
            }
        }
        double min = Math.pow(10, logLo);
        double max = Math.pow(10, logHi);
        return new Axis(min, max, true, List.copyOf(ticks)).withRange(min, max);
    }

    /** The step among 1, 2, 5 × 10^k nearest to {@code range / target}. */
    static double niceStep(double range, int target) {
        double raw = range / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /** The next step down the ladder 1, 2, 5 × 10^k. */
    static double smallerStep(double step) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        long mantissa = Math.round(step / magnitude);
        return mantissa >= 5 ? 2 * magnitude : mantissa >= 2 ? magnitude : magnitude / 2;
    }

    /** Formats a tick with as many decimals as the step needs; scientific for very large or small. */
    static String formatLinear(double value, double step, double maxAbs) {
        int stepExponent = (int) Math.floor(Math.log10(step) + 1e-9);
        boolean scientific = maxAbs >= 1e6 || stepExponent < -4;
        if (Math.abs(value) < step * 1e-6) {
            // Also avoids "-0.0" from a tick computed as a tiny negative number.
            value = 0;
            if (scientific) {
                return "0";
            }
        }
        if (scientific) {
            int valueExponent = (int) Math.floor(Math.log10(Math.abs(value)) + 1e-9);
            int significant = Math.max(1, valueExponent - stepExponent + 1);
            return formatScientific(value, significant);
        }
        int decimals = Math.max(0, -stepExponent);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String formatPlain(double value) {
        BigDecimal d = new BigDecimal(value, new MathContext(6)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            return formatScientific(value, d.precision());
        }
        return d.toPlainString();
    }

    private static String formatScientific(double value, int significant) {
        BigDecimal d = new BigDecimal(value, new MathContext(significant));
        int exponent = d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }
}
