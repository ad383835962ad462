package descent.engine.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One panel of a {@link Figure}: a line chart with a title, axis labels, tick values at 1, 2 or
 * 5 × 10^k steps, any number of {@link Series} in distinct colours with a legend, optional shaded
 * bands, and an optional logarithmic y axis.
 *
 * <p>The axes span the data with a small margin (3% of the span in x, 5% in y, in decades on a
 * logarithmic axis), unless the y range is {@link Builder#yRange fixed}. Points that are not finite,
 * and on a logarithmic axis points that are not positive, are skipped and break the line; a point
 * with no drawable neighbour is drawn as a dot. With at most {@value #MARKER_LIMIT} points a series also
 * gets a dot at each point. The legend goes in whichever corner of the plot area hides the least of
 * the lines, and among equals the one farthest from them; it is left out where it would take more
 * than 60% of the plot's width or height. A panel with no drawable point shows its axes and
 * "no data".
 *
 * <p>Build one with {@link #builder()}; instances are immutable.
 *
 * <p>Stability: experimental.
 */
public final class LinePlot {

    /** Series with at most this many points are drawn with a dot at each point. */
    public static final int MARKER_LIMIT = 60;

    /** The colours given to series without an explicit colour, in order (Tableau 10). */
    static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf));

    /** Opacity of a band over the white background. */
    static final float BAND_ALPHA = 0.2f;

    private static final Color FRAME = new Color(0x444444);
    private static final Color GRID = new Color(0xe2e2e2);
    private static final Color MINOR_GRID = new Color(0xf1f1f1);
    private static final Color TEXT = new Color(0x222222);
    private static final Color MUTED = new Color(0x888888);
    private static final int PAD = 8;
    private static final int TICK = 5;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final boolean integerX;
    private final double yMin;
    private final double yMax;
    private final List<Series> series;

    private LinePlot(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.logY = b.logY;
        this.integerX = b.integerX;
        this.yMin = b.yMin;
        this.yMax = b.yMax;
        this.series = List.copyOf(b.series);
    }

    /** Returns a builder for a plot with no title, no labels, a linear y axis and no series. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the title, empty if none. */
    public String title() {
        return title;
    }

    /** Returns the series in drawing order. */
    public List<Series> series() {
        return series;
    }

    /** Returns the colour series {@code index} is drawn in. */
    Color colorOf(int index) {
        OptionalInt rgb = series.get(index).color();
        return rgb.isPresent() ? new Color(rgb.getAsInt()) : PALETTE.get(index % PALETTE.size());
    }

    /** Builds a {@link LinePlot}; {@link #build()} validates. */
    public static final class Builder {

        private String title = "";
        private String xLabel = "";
        private String yLabel = "";
        private boolean logY;
        private boolean integerX;
        private double yMin = Double.NaN;
        private double yMax = Double.NaN;
        private final List<Series> series = new ArrayList<>();

        private Builder() {}

        /** Sets the title drawn above the plot, not null (empty for none). */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** Sets the label under the x axis, not null (empty for none). */
        public Builder xLabel(String xLabel) {
            this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
            return this;
        }

        /** Sets the label beside the y axis, not null (empty for none). */
        public Builder yLabel(String yLabel) {
            this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
            return this;
        }

        /** Makes the y axis base-10 logarithmic (for losses spanning decades). */
        public Builder logY(boolean logY) {
            this.logY = logY;
            return this;
        }

        /** Puts x ticks at whole numbers only (epochs). */
        public Builder integerX(boolean integerX) {
            this.integerX = integerX;
            return this;
        }

        /** Fixes the y range (for an accuracy, 0 to 1) instead of fitting it to the data. */
        public Builder yRange(double min, double max) {
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** Adds a series, drawn after (on top of) those added before. */
        public Builder add(Series series) {
            this.series.add(Objects.requireNonNull(series, "series"));
            return this;
        }

        /**
         * Returns the plot.
         *
         * @throws IllegalArgumentException if a fixed y range is not finite and increasing, or not
         *     positive on a logarithmic axis
         */
        public LinePlot build() {
            if (!Double.isNaN(yMin) || !Double.isNaN(yMax)) {
                if (!(Double.isFinite(yMin) && Double.isFinite(yMax) && yMin < yMax)) {
                    throw new IllegalArgumentException("y range must be finite with min < max, got [" + yMin
                            + ", " + yMax + "]");
                }
                if (logY && yMin <= 0) {
                    throw new IllegalArgumentException("y range of a logarithmic axis must be > 0, got min " + yMin);
                }
            }
            return new LinePlot(this);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rendering

    /** Where a panel's parts ended up, in image pixels: for tests and for callers that annotate. */
    record Layout(Rectangle2D.Double plotArea, Rectangle legend, Axis xAxis, Axis yAxis, List<Color> colors) {

        double px(double x) {
            return plotArea.x + xAxis.fraction(x) * plotArea.width;
        }

        double py(double y) {
            return plotArea.y + (1 - yAxis.fraction(y)) * plotArea.height;
        }
    }

    private boolean drawable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0);
    }

    /** Draws this plot into the rectangle (x0, y0, width, height) and returns where things went. */
    Layout draw(Graphics2D g, int x0, int y0, int width, int height) {
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics titleFm = g.getFontMetrics(titleFont);
        FontMetrics labelFm = g.getFontMetrics(labelFont);
        FontMetrics tickFm = g.getFontMetrics(tickFont);

        // Data ranges over everything drawable: points and band edges.
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] xs = s.xs();
            for (int i = 0; i < xs.length; i++) {
                double[] candidates = s.hasBand() ? new double[] {s.ys()[i], s.lowers()[i], s.uppers()[i]}
                        : new double[] {s.ys()[i]};
                for (double y : candidates) {
                    if (drawable(xs[i], y)) {
                        xLo = Math.min(xLo, xs[i]);
                        xHi = Math.max(xHi, xs[i]);
                        yLo = Math.min(yLo, y);
                        yHi = Math.max(yHi, y);
                    }
                }
            }
        }
        boolean hasData = xLo <= xHi;
        boolean fixedY = !Double.isNaN(yMin);
        if (fixedY) {
            yLo = yMin;
            yHi = yMax;
        }

        int top = y0 + PAD + (title.isEmpty() ? tickFm.getAscent() / 2 + 2 : titleFm.getHeight() + 6);
        int bottom = y0 + height - PAD - (xLabel.isEmpty() ? 0 : labelFm.getHeight() + 2)
                - tickFm.getHeight() - TICK - 2;
        int plotHeight = Math.max(20, bottom - top);
        double yMargin = fixedY ? 0 : 0.05;
        Axis yAxis = logY ? Axis.logarithmic(yLo, yHi, Math.max(2, plotHeight / 40), yMargin)
                : Axis.linear(yLo, yHi, Math.max(3, plotHeight / 45), yMargin);
        int yTickWidth = 0;
        for (Axis.Tick t : yAxis.ticks) {
            yTickWidth = Math.max(yTickWidth, tickLabelWidth(g, t, tickFont));
        }
        int left = x0 + PAD + (yLabel.isEmpty() ? 0 : labelFm.getHeight() + 4) + yTickWidth + TICK + 4;
        int right = x0 + width - PAD - 12;
        Axis xAxis = null;
        for (int target = Math.max(2, (right - left) / 80); target >= 2; target--) {
            xAxis = Axis.linear(xLo, xHi, target, hasData ? 0.03 : 0, integerX);
            if (fitsHorizontally(g, xAxis, tickFont, right - left)) {
                break;
            }
        }
        // Keep the last x tick label inside the panel.
        if (!xAxis.ticks.isEmpty()) {
            Axis.Tick last = xAxis.ticks.get(xAxis.ticks.size() - 1);
            int half = tickLabelWidth(g, last, tickFont) / 2;
            double lastPx = left + xAxis.fraction(last.value()) * (right - left);
            if (lastPx + half > x0 + width - PAD) {
                right -= (int) Math.ceil(lastPx + half - (x0 + width - PAD));
            }
        }
        Rectangle2D.Double area = new Rectangle2D.Double(left, top, Math.max(20, right - left), plotHeight);
        List<Color> colors = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            colors.add(colorOf(i));
        }
        Layout layout = new Layout(area, null, xAxis, yAxis, List.copyOf(colors));

        g.setColor(Color.WHITE);
        g.fillRect(x0, y0, width, height);
        drawGridAndTicks(g, layout, tickFont, tickFm);

        Shape oldClip = g.getClip();
        // The x range covers all data; clip the y overflow of a fixed range, leaving room for dots.
        g.clip(new Rectangle2D.Double(area.x - 5, area.y - (fixedY ? 0 : 5), area.width + 10,
                area.height + (fixedY ? 0 : 10)));
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).hasBand()) {
                drawBand(g, layout, series.get(i), colors.get(i));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            drawLine(g, layout, series.get(i), colors.get(i));
        }
        g.setClip(oldClip);

        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(area.x, area.y, area.width, area.height));

        if (!hasData) {
            g.setFont(labelFont);
            g.setColor(MUTED);
            String text = "no data";
            g.drawString(text, (float) (area.getCenterX() - labelFm.stringWidth(text) / 2.0),
                    (float) (area.getCenterY() + labelFm.getAscent() / 2.0));
        }

        if (!title.isEmpty()) {
            g.setFont(titleFont);
            g.setColor(TEXT);
            String text = fit(title, titleFm, width - 2 * PAD);
            int w = titleFm.stringWidth(text);
            double cx = Math.min(Math.max(area.getCenterX(), x0 + PAD + w / 2.0), x0 + width - PAD - w / 2.0);
            g.drawString(text, (float) (cx - w / 2.0), y0 + PAD + titleFm.getAscent());
        }
        if (!xLabel.isEmpty()) {
            g.setFont(labelFont);
            g.setColor(TEXT);
            String text = fit(xLabel, labelFm, width - 2 * PAD);
            g.drawString(text, (float) (area.getCenterX() - labelFm.stringWidth(text) / 2.0),
                    y0 + height - PAD - labelFm.getDescent());
        }
        if (!yLabel.isEmpty()) {
            g.setFont(labelFont);
            g.setColor(TEXT);
            String text = fit(yLabel, labelFm, (int) area.height + 40);
            AffineTransform saved = g.getTransform();
            g.translate(x0 + PAD + labelFm.getAscent(), area.getCenterY() + labelFm.stringWidth(text) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(text, 0, 0);
            g.setTransform(saved);
        }

        Rectangle legend = series.isEmpty() ? null : drawLegend(g, layout, legendFont);
        return new Layout(area, legend, xAxis, yAxis, layout.colors());
    }

    private void drawGridAndTicks(Graphics2D g, Layout layout, Font tickFont, FontMetrics tickFm) {
        Rectangle2D.Double area = layout.plotArea();
        g.setStroke(new BasicStroke(1f));
        g.setFont(tickFont);
        for (Axis.Tick t : layout.yAxis().ticks) {
            double y = layout.py(t.value());
            if (y < area.y - 0.5 || y > area.getMaxY() + 0.5) {
                continue;
            }
            g.setColor(t.major() ? GRID : MINOR_GRID);
            g.draw(new Line2D.Double(area.x, y, area.getMaxX(), y));
            g.setColor(FRAME);
            int length = t.major() || t.label() != null ? TICK : TICK - 2;
            g.draw(new Line2D.Double(area.x - length, y, area.x, y));
            if (t.label() != null) {
                int w = tickLabelWidth(g, t, tickFont);
                drawTickLabel(g, t, tickFont, (float) (area.x - TICK - 3 - w),
                        (float) (y + tickFm.getAscent() / 2.0 - 1));
            }
        }
        for (Axis.Tick t : layout.xAxis().ticks) {
            double x = layout.px(t.value());
            if (x < area.x - 0.5 || x > area.getMaxX() + 0.5) {
                continue;
            }
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, area.y, x, area.getMaxY()));
            g.setColor(FRAME);
            g.draw(new Line2D.Double(x, area.getMaxY(), x, area.getMaxY() + TICK));
            int w = tickLabelWidth(g, t, tickFont);
            drawTickLabel(g, t, tickFont, (float) (x - w / 2.0), (float) (area.getMaxY() + TICK + 2 + tickFm.getAscent()));
        }
    }

    private static boolean fitsHorizontally(Graphics2D g, Axis axis, Font font, int width) {
        double previousRight = Double.NEGATIVE_INFINITY;
        for (Axis.Tick t : axis.ticks) {
            double centre = axis.fraction(t.value()) * width;
            int w = tickLabelWidth(g, t, font);
            if (centre - w / 2.0 < previousRight + 8) {
                return false;
            }
            previousRight = centre + w / 2.0;
        }
        return true;
    }

    private static Font superscriptFont(Font tickFont) {
        return tickFont.deriveFont(tickFont.getSize2D() * 0.8f);
    }

    private static int tickLabelWidth(Graphics2D g, Axis.Tick t, Font tickFont) {
        if (t.label() == null) {
            return 0;
        }
        if (t.label().startsWith("10^")) {
            return g.getFontMetrics(tickFont).stringWidth("10")
                    + g.getFontMetrics(superscriptFont(tickFont)).stringWidth(t.label().substring(3)) + 1;
        }
        return g.getFontMetrics(tickFont).stringWidth(t.label());
    }

    private static void drawTickLabel(Graphics2D g, Axis.Tick t, Font tickFont, float x, float baseline) {
        g.setColor(TEXT);
        if (t.label().startsWith("10^")) {
            FontMetrics fm = g.getFontMetrics(tickFont);
            g.setFont(tickFont);
            g.drawString("10", x, baseline);
            g.setFont(superscriptFont(tickFont));
            g.drawString(t.label().substring(3), x + fm.stringWidth("10") + 1, baseline - fm.getAscent() * 0.45f);
            g.setFont(tickFont);
        } else {
            g.setFont(tickFont);
            g.drawString(t.label(), x, baseline);
        }
    }

    private void drawBand(Graphics2D g, Layout layout, Series s, Color color) {
        double[] xs = s.xs();
        double[] lo = s.lowers();
        double[] hi = s.uppers();
        g.setColor(tint(color));
        int i = 0;
        while (i < xs.length) {
            if (!(drawable(xs[i], lo[i]) && drawable(xs[i], hi[i]))) {
                i++;
                continue;
            }
            int start = i;
            while (i < xs.length && drawable(xs[i], lo[i]) && drawable(xs[i], hi[i])) {
                i++;
            }
            Path2D.Double band = new Path2D.Double();
            band.moveTo(layout.px(xs[start]), layout.py(hi[start]));
            for (int k = start + 1; k < i; k++) {
                band.lineTo(layout.px(xs[k]), layout.py(hi[k]));
            }
            for (int k = i - 1; k >= start; k--) {
                band.lineTo(layout.px(xs[k]), layout.py(lo[k]));
            }
            band.closePath();
            if (i - start == 1) {
                // A lone band point: a short vertical bar, since a polygon of one x has no area.
                g.setStroke(new BasicStroke(3f));
                g.draw(band);
            } else {
                g.fill(band);
            }
        }
    }

    static Color tint(Color color) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), Math.round(BAND_ALPHA * 255));
    }

    private void drawLine(Graphics2D g, Layout layout, Series s, Color color) {
        double[] xs = s.xs();
        double[] ys = s.ys();
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        boolean markers = xs.length <= MARKER_LIMIT;
        int i = 0;
        while (i < xs.length) {
            if (!drawable(xs[i], ys[i])) {
                i++;
                continue;
            }
            int start = i;
            Path2D.Double line = new Path2D.Double();
            line.moveTo(layout.px(xs[i]), layout.py(ys[i]));
            i++;
            while (i < xs.length && drawable(xs[i], ys[i])) {
                line.lineTo(layout.px(xs[i]), layout.py(ys[i]));
                i++;
            }
            if (i - start > 1) {
                g.draw(line);
            }
            if (markers || i - start == 1) {
                for (int k = start; k < i; k++) {
                    double r = i - start == 1 ? 3.5 : 2.5;
                    g.fill(new Ellipse2D.Double(layout.px(xs[k]) - r, layout.py(ys[k]) - r, 2 * r, 2 * r));
                }
            }
        }
    }

    private Rectangle drawLegend(Graphics2D g, Layout layout, Font font) {
        FontMetrics fm = g.getFontMetrics(font);
        Rectangle2D.Double area = layout.plotArea();
        int sample = 22;
        int gap = 6;
        int inner = 6;
        int maxText = (int) Math.max(40, area.width * 0.5 - sample - gap - 2 * inner);
        List<String> names = new ArrayList<>();
        int textWidth = 0;
        for (Series s : series) {
            String name = fit(s.name(), fm, maxText);
            names.add(name);
            textWidth = Math.max(textWidth, fm.stringWidth(name));
        }
        int rowHeight = fm.getHeight();
        int w = inner * 2 + sample + gap + textWidth;
        int h = inner * 2 + rowHeight * series.size() - 2;
        if (w > area.width * 0.6 || h > area.height * 0.6) {
            // In a very small panel a legend would hide most of the data; leave it out.
            return null;
        }
        int margin = 8;
        int leftX = (int) area.x + margin;
        int rightX = (int) (area.getMaxX() - margin - w);
        int topY = (int) area.y + margin;
        int bottomY = (int) (area.getMaxY() - margin - h);
        Rectangle[] corners = {
            new Rectangle(rightX, topY, w, h), new Rectangle(leftX, topY, w, h),
            new Rectangle(rightX, bottomY, w, h), new Rectangle(leftX, bottomY, w, h)};
        Rectangle best = corners[0];
        double[] bestCost = {Double.POSITIVE_INFINITY, 0};
        for (Rectangle corner : corners) {
            double[] cost = legendCost(layout, corner);
            if (cost[0] < bestCost[0] || (cost[0] == bestCost[0] && cost[1] < bestCost[1])) {
                best = corner;
                bestCost = cost;
            }
        }
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(best);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1f));
        g.draw(best);
        g.setFont(font);
        for (int i = 0; i < series.size(); i++) {
            int rowTop = best.y + inner + i * rowHeight;
            int cy = rowTop + rowHeight / 2 - 1;
            Color color = layout.colors().get(i);
            if (series.get(i).hasBand()) {
                g.setColor(tint(color));
                g.fillRect(best.x + inner, cy - 5, sample, 10);
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(best.x + inner, cy, best.x + inner + sample, cy));
            g.setColor(TEXT);
            g.drawString(names.get(i), best.x + inner + sample + gap, rowTop + fm.getAscent() - 1);
        }
        return best;
    }

    /**
     * Scores a legend position: the number of data points and segment samples it would hide, and
     * as a tie-breaker the (negated) distance from its box to the nearest of them. Lower is better.
     */
    private double[] legendCost(Layout layout, Rectangle box) {
        // Grown by a line width and a little air, so a legend does not touch a line either.
        Rectangle2D grown = new Rectangle2D.Double(box.x - 10, box.y - 10, box.width + 20, box.height + 20);
        int count = 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (Series s : series) {
            double[] xs = s.xs();
            double[] ys = s.ys();
            for (int i = 0; i < xs.length; i++) {
                if (!drawable(xs[i], ys[i])) {
                    continue;
                }
                double px = layout.px(xs[i]);
                double py = layout.py(ys[i]);
                boolean next = i + 1 < xs.length && drawable(xs[i + 1], ys[i + 1]);
                double qx = next ? layout.px(xs[i + 1]) : px;
                double qy = next ? layout.py(ys[i + 1]) : py;
                for (int k = 0; k < (next ? 8 : 1); k++) {
                    double sx = px + (qx - px) * k / 8;
                    double sy = py + (qy - py) * k / 8;
                    if (grown.contains(sx, sy)) {
                        count++;
                    }
                    double dx = Math.max(0, Math.max(box.x - sx, sx - box.getMaxX()));
                    double dy = Math.max(0, Math.max(box.y - sy, sy - box.getMaxY()));
                    nearest = Math.min(nearest, Math.hypot(dx, dy));
                }
            }
        }
        return new double[] {count, -nearest};
    }

    /** Shortens {@code text} with an ellipsis until it fits in {@code width} pixels. */
    static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String ellipsis = "\u2026";
        int end = text.length();
        while (end > 0 && fm.stringWidth(text.substring(0, end) + ellipsis) > width) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }
}
