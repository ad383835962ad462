package descent.engine.report;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One named line of a {@link LinePlot}: points {@code (x[i], y[i])}, an optional shaded band from
 * {@code lower[i]} to {@code upper[i]} (mean ± standard deviation over seeds, say), and an optional
 * colour. A point whose x or y is NaN or infinite is skipped and breaks the line there (as is a
 * non-positive y on a logarithmic axis); the band is broken the same way where x, lower or upper is
 * not finite.
 *
 * <p>Instances are immutable: the arrays are copied on the way in and on the way out. Without an
 * explicit colour a series takes the next colour of the plot's palette, by its position in the plot,
 * so series added in the same order get the same colours in every panel.
 *
 * <p>Stability: experimental.
 */
public final class Series {

    private final String name;
    private final double[] x;
    private final double[] y;
    private final double[] lower;
    private final double[] upper;
    private final Integer rgb;

    private Series(String name, double[] x, double[] y, double[] lower, double[] upper, Integer rgb) {
        this.name = name;
        this.x = x;
        this.y = y;
        this.lower = lower;
        this.upper = upper;
        this.rgb = rgb;
    }

    /**
     * Creates a series of points {@code (x[i], y[i])}.
     *
     * @param name the legend entry, not null (may be empty)
     * @param x the x values, not null; copied
     * @param y the y values, not null, as long as {@code x}; copied
     * @return the series
     * @throws IllegalArgumentException if the lengths differ
     */
    public static Series of(String name, double[] x, double[] y) {
        Objects.requireNonNull(name, "name");
        requireSameLength("y", y, x);
        return new Series(name, x.clone(), y.clone(), null, null, null);
    }

    /**
     * Creates a series of points {@code (i + 1, y[i])}: one point per epoch, epochs counted from 1.
     *
     * @param name the legend entry, not null (may be empty)
     * @param y the y values, not null; copied
     * @return the series
     */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        Arrays.setAll(x, i -> i + 1);
        return of(name, x, y);
    }

    /**
     * Creates a series of means with a band of one standard deviation either side.
     *
     * @param name the legend entry, not null
     * @param x the x values, not null
     * @param mean the line, not null, as long as {@code x}
     * @param sd the standard deviations, not null, as long as {@code x}; NaN breaks the band only
     * @return the series with its band
     */
    public static Series meanAndSd(String name, double[] x, double[] mean, double[] sd) {
        requireSameLength("mean", mean, x);
        requireSameLength("sd", sd, x);
        double[] lower = new double[x.length];
        double[] upper = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lower[i] = mean[i] - sd[i];
            upper[i] = mean[i] + sd[i];
        }
        return of(name, x, mean).withBand(lower, upper);
    }

    /**
     * Returns this series with a shaded band between {@code lower} and {@code upper}.
     *
     * @param lower the lower edge, not null, as long as x; copied
     * @param upper the upper edge, not null, as long as x; copied
     * @return a new series
     */
    public Series withBand(double[] lower, double[] upper) {
        requireSameLength("lower", lower, x);
        requireSameLength("upper", upper, x);
        return new Series(name, x, y, lower.clone(), upper.clone(), rgb);
    }

    /**
     * Returns this series drawn in one colour (its band in a light tint of it).
     *
     * @param rgb the colour as {@code 0xRRGGBB}, for example {@code 0x1f77b4}
     * @return a new series
     * @throws IllegalArgumentException if {@code rgb} has bits above the 24 colour bits
     */
    public Series withColor(int rgb) {
        if ((rgb & ~0xffffff) != 0) {
            throw new IllegalArgumentException("colour must be 0xRRGGBB, got 0x" + Integer.toHexString(rgb));
        }
        return new Series(name, x, y, lower, upper, rgb);
    }

    /** Returns the legend entry. */
    public String name() {
        return name;
    }

    /** Returns the number of points, finite or not. */
    public int size() {
        return x.length;
    }

    /** Returns a copy of the x values. */
    public double[] x() {
        return x.clone();
    }

    /** Returns a copy of the y values. */
    public double[] y() {
        return y.clone();
    }

    /** Returns whether the series has a band. */
    public boolean hasBand() {
        return lower != null;
    }

    /** Returns the explicit colour as {@code 0xRRGGBB}, if one was given. */
    public OptionalInt color() {
        return rgb == null ? OptionalInt.empty() : OptionalInt.of(rgb);
    }

    // Package-private views for the renderer, which does not modify them.
    double[] xs() {
        return x;
    }

    double[] ys() {
        return y;
    }

    double[] lowers() {
        return lower;
    }

    double[] uppers() {
        return upper;
    }

    private static void requireSameLength(String what, double[] values, double[] x) {
        Objects.requireNonNull(values, what);
        Objects.requireNonNull(x, "x");
        if (values.length != x.length) {
            throw new IllegalArgumentException(what + " has " + values.length + " values but x has " + x.length
                    + "; give one value per point");
        }
    }
}
