package descent.api;

/**
 * An interval of real numbers that a numeric hyperparameter must lie in; either end may be open,
 * closed or unbounded.
 *
 * @param min lower end, {@code Double.NEGATIVE_INFINITY} for none
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper end, {@code Double.POSITIVE_INFINITY} for none
 * @param maxInclusive whether {@code max} itself is allowed
 */
@Stability(Stability.Level.STABLE)
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {

    /** Every real number. */
    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    public Range {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
        }
    }

    /** {@code x > min}. */
    public static Range greaterThan(double min) {
        return new Range(min, false, Double.POSITIVE_INFINITY, false);
    }

    /** {@code x >= min}. */
    public static Range atLeast(double min) {
        return new Range(min, true, Double.POSITIVE_INFINITY, false);
    }

    /** {@code min <= x <= max}. */
    public static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    /** {@code min < x < max}. */
    public static Range open(double min, double max) {
        return new Range(min, false, max, false);
    }

    /** {@code min <= x < max}. */
    public static Range closedOpen(double min, double max) {
        return new Range(min, true, max, false);
    }

    /** Whether {@code x} lies in this range; NaN never does. */
    public boolean contains(double x) {
        if (Double.isNaN(x)) {
            return false;
        }
        boolean lo = minInclusive ? x >= min : x > min;
        boolean hi = maxInclusive ? x <= max : x < max;
        return lo && hi;
    }

    /** A value just outside the range, or NaN if the range is unbounded on both sides. */
    public double outside() {
        if (min != Double.NEGATIVE_INFINITY) {
            return minInclusive ? Math.nextDown(min) - Math.abs(min) * 1e-9 - 1e-12 : min;
        }
        if (max != Double.POSITIVE_INFINITY) {
            return maxInclusive ? Math.nextUp(max) + Math.abs(max) * 1e-9 + 1e-12 : max;
        }
        return Double.NaN;
    }

    /** Reads as in an error message: {@code "> 0"}, {@code "in [0, 1)"}, {@code "any number"}. */
    @Override
    public String toString() {
        boolean noMin = min == Double.NEGATIVE_INFINITY;
        boolean noMax = max == Double.POSITIVE_INFINITY;
        if (noMin && noMax) {
            return "any number";
        }
        if (noMax) {
            return (minInclusive ? ">= " : "> ") + fmt(min);
        }
        if (noMin) {
            return (maxInclusive ? "<= " : "< ") + fmt(max);
        }
        return "in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
