package descent.engine.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A PNG image (and the same figure as SVG, for a paper) of one or more {@link LinePlot} panels
 * side by side, each the same width, under an optional title; for {@code descent train}, loss on
 * the left and accuracy on the right at 1000 × 420 pixels. The SVG is drawn by the same code into
 * JFreeSVG's {@code SVGGraphics2D}, so the two never differ but in resolution.
 *
 * <p>Rendering uses Java2D on an off-screen image and needs no display. Unless the application set
 * {@code java.awt.headless} already, loading this class sets it to {@code true}, so that a command-line
 * run never opens a window-system connection (or, on macOS, a Dock icon).
 *
 * <p>Instances are immutable. {@link #writePng(Path)} replaces the file atomically through
 * {@link AtomicFiles}, so a plot being viewed while a run updates it is never torn.
 *
 * <p>Stability: experimental.
 */
public final class Figure {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The smallest panel width and image height that leave room for axes and labels. */
    static final int MIN_PANEL_WIDTH = 200;
    static final int MIN_HEIGHT = 150;

    private final int width;
    private final int height;
    private final List<LinePlot> panels;
    private final String title;

    private Figure(int width, int height, List<LinePlot> panels, String title) {
        this.width = width;
        this.height = height;
        this.panels = panels;
        this.title = title;
    }

    /**
     * Creates a figure.
     *
     * @param width the image width in pixels, at least 200 per panel
     * @param height the image height in pixels, at least 150
     * @param panels the panels from left to right, at least one; three fit well in 1400 pixels
     * @return the figure
     * @throws IllegalArgumentException if there are no panels or the image is too small for them
     */
    public static Figure of(int width, int height, List<LinePlot> panels) {
        List<LinePlot> copy = List.copyOf(panels);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        if (width < MIN_PANEL_WIDTH * copy.size() || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("figure size " + width + "x" + height + " is too small for "
                    + copy.size() + " panel(s); use at least " + MIN_PANEL_WIDTH * copy.size() + "x" + MIN_HEIGHT);
        }
        return new Figure(width, height, copy, "");
    }

    /** This figure with {@code title} drawn across its top (empty for none), the panels below it. */
    public Figure withTitle(String title) {
        return new Figure(width, height, panels, Objects.requireNonNull(title, "title"));
    }

    /** Returns the title, empty if none. */
    public String title() {
        return title;
    }

    /** Creates a figure; see {@link #of(int, int, List)}. */
    public static Figure of(int width, int height, LinePlot... panels) {
        return of(width, height, List.of(panels));
    }

    /** Returns the image width in pixels. */
    public int width() {
        return width;
    }

    /** Returns the image height in pixels. */
    public int height() {
        return height;
    }

    /** Returns the panels from left to right. */
    public List<LinePlot> panels() {
        return panels;
    }

    /** Draws the figure into a new opaque RGB image. */
    BufferedImage render() {
        return render(new ArrayList<>());
    }

    /** Draws the figure and adds each panel's layout, left to right, to {@code layouts}. */
    BufferedImage render(List<LinePlot.Layout> layouts) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, layouts);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The figure as an SVG document. */
    String svg() {
        org.jfree.svg.SVGGraphics2D g = new org.jfree.svg.SVGGraphics2D(width, height);
        draw(g, new ArrayList<>());
        return g.getSVGDocument();
    }

    private void draw(Graphics2D g, List<LinePlot.Layout> layouts) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        int top = 0;
        if (!title.isEmpty()) {
            java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 16);
            java.awt.FontMetrics fm = g.getFontMetrics(font);
            top = fm.getHeight() + 10;
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, top);
            g.setFont(font);
            g.setColor(new java.awt.Color(0x222222));
            String text = title;
            while (fm.stringWidth(text) > width - 20 && text.length() > 4) {
                text = text.substring(0, text.length() - 4) + "...";
            }
            g.drawString(text, (width - fm.stringWidth(text)) / 2f, 6 + fm.getAscent());
        }
        int n = panels.size();
        for (int i = 0; i < n; i++) {
            int x0 = i * width / n;
            int x1 = (i + 1) * width / n;
            layouts.add(panels.get(i).draw(g, x0, top, x1 - x0, height - top));
        }
    }

    /**
     * Writes the figure as {@code png} and as an SVG beside it ({@code plot.png} and
     * {@code plot.svg}), each replaced atomically.
     *
     * @param png the PNG file, its name ending in {@code .png}
     */
    public void writePngAndSvg(Path png) {
        writePng(png);
        String name = png.getFileName().toString();
        String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        writeSvg(png.resolveSibling(base + ".svg"));
    }

    /** Writes the figure as SVG, replacing {@code file} atomically. */
    public void writeSvg(Path file) {
        AtomicFiles.writeString(Objects.requireNonNull(file, "file"), svg());
    }

    /**
     * Renders the figure and writes it as a PNG, replacing {@code file} atomically.
     *
     * @param file the PNG file, not null; missing parent directories are created
     * @throws descent.api.DescentException if the file cannot be written
     */
    public void writePng(Path file) {
        Objects.requireNonNull(file, "file");
        BufferedImage image = render();
        AtomicFiles.write(file, out -> {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) {
                throw new IOException("this Java runtime has no PNG writer (module java.desktop is incomplete)");
            }
            ImageWriter writer = writers.next();
            // A memory cache keeps ImageIO from creating its own temporary files.
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(new IIOImage(image, null, null));
            } finally {
                writer.dispose();
            }
        });
    }
}
