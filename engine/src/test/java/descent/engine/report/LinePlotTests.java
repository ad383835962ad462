package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTests {

    @TempDir
    Path dir;

    private static final double[] EPOCHS = {1, 2, 3, 4, 5};

    /** Whether a pixel within {@code radius} of (x, y) is within {@code tolerance} of {@code color}. */
    private static boolean colorNear(BufferedImage image, double x, double y, int radius, Color color, int tolerance) {
        int cx = (int) Math.round(x);
        int cy = (int) Math.round(y);
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int px = cx + dx;
                int py = cy + dy;
                if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight()
                        && distance(new Color(image.getRGB(px, py)), color) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean colorIn(BufferedImage image, Rectangle box, Color color, int tolerance) {
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                if (distance(new Color(image.getRGB(x, y)), color) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    /** The colour a band tint shows over white. */
    private static Color overWhite(Color color) {
        double alpha = LinePlot.tint(color).getAlpha() / 255.0;
        return new Color((int) Math.round(255 + alpha * (color.getRed() - 255)),
                (int) Math.round(255 + alpha * (color.getGreen() - 255)),
                (int) Math.round(255 + alpha * (color.getBlue() - 255)));
    }

    private static LinePlot lossPlot() {
        return LinePlot.builder().title("loss").xLabel("epoch").yLabel("loss")
                .add(Series.of("train", EPOCHS, new double[] {2.0, 1.2, 0.8, 0.6, 0.5}))
                .add(Series.of("test", EPOCHS, new double[] {2.1, 1.6, 1.3, 1.2, 1.15}))
                .build();
    }

    private static LinePlot accuracyPlot() {
        return LinePlot.builder().title("test accuracy").xLabel("epoch").yLabel("accuracy")
                .add(Series.of("test", EPOCHS, new double[] {0.6, 0.8, 0.9, 0.93, 0.95}))
                .build();
    }

    @Test
    void writesAPngOfTheRequestedSize() throws IOException {
        Path file = dir.resolve("plots/metrics.png");
        Figure.of(1000, 420, lossPlot(), accuracyPlot()).writePng(file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(420);
    }

    @Test
    void drawsEachSeriesThroughTheMiddleOfItsSegmentsInItsOwnColour() {
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(1000, 420, lossPlot(), accuracyPlot()).render(layouts);

        LinePlot.Layout loss = layouts.get(0);
        Color train = loss.colors().get(0);
        Color test = loss.colors().get(1);
        assertThat(train).isNotEqualTo(test);
        // Midpoints of the segments from epoch 2 to 3.
        assertThat(colorNear(image, loss.px(2.5), loss.py(1.0), 1, train, 40)).isTrue();
        assertThat(colorNear(image, loss.px(2.5), loss.py(1.45), 1, test, 40)).isTrue();
        // A point between the two lines is background.
        assertThat(colorNear(image, loss.px(2.5), loss.py(1.225), 2, train, 120)).isFalse();
        assertThat(colorNear(image, loss.px(2.5), loss.py(1.225), 2, test, 120)).isFalse();

        LinePlot.Layout accuracy = layouts.get(1);
        assertThat(accuracy.plotArea().x).isGreaterThan(500);
        assertThat(colorNear(image, accuracy.px(3.5), accuracy.py(0.915), 1, accuracy.colors().get(0), 40)).isTrue();
    }

    @Test
    void showsEverySeriesColourInTheLegend() {
        LinePlot plot = LinePlot.builder()
                .add(Series.of("a", EPOCHS, new double[] {5, 4, 3, 2, 1}))
                .add(Series.of("b", EPOCHS, new double[] {1, 2, 3, 4, 5}))
                .add(Series.of("c", EPOCHS, new double[] {3, 3, 3, 3, 3}).withColor(0x00aa00))
                .build();
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(600, 400, plot).render(layouts);

        LinePlot.Layout layout = layouts.get(0);
        assertThat(layout.colors()).doesNotHaveDuplicates();
        assertThat(layout.colors().get(2)).isEqualTo(new Color(0x00aa00));
        Rectangle legend = layout.legend();
        assertThat(layout.plotArea().contains(legend)).isTrue();
        for (Color color : layout.colors()) {
            assertThat(colorIn(image, legend, color, 30)).as("legend shows %s", color).isTrue();
        }
    }

    @Test
    void shadesABandInALightTintOfTheSeriesColour() {
        double[] mean = {1.0, 0.8, 0.6, 0.5, 0.45};
        double[] sd = {0.3, 0.3, 0.3, 0.3, 0.3};
        LinePlot plot = LinePlot.builder().add(Series.meanAndSd("adam", EPOCHS, mean, sd)).build();
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(600, 400, plot).render(layouts);

        LinePlot.Layout layout = layouts.get(0);
        Color tint = overWhite(layout.colors().get(0));
        // Halfway between the line and the upper edge, halfway between epochs 2 and 3.
        assertThat(colorNear(image, layout.px(2.5), layout.py(0.7 + 0.15), 2, tint, 6)).isTrue();
        // Outside the band: background.
        assertThat(colorNear(image, layout.px(2.5), layout.py(0.7 + 0.45), 2, tint, 6)).isFalse();
    }

    @Test
    void breaksTheLineAtNaNAndSkipsNonFinitePoints() {
        LinePlot plot = LinePlot.builder()
                .add(Series.of("gap", new double[] {1, 2, 3, 4}, new double[] {1, Double.NaN, 1, Double.POSITIVE_INFINITY}))
                .build();
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(600, 400, plot).render(layouts);

        LinePlot.Layout layout = layouts.get(0);
        Color color = layout.colors().get(0);
        assertThat(colorNear(image, layout.px(1), layout.py(1), 1, color, 40)).isTrue();
        assertThat(colorNear(image, layout.px(3), layout.py(1), 1, color, 40)).isTrue();
        assertThat(colorNear(image, layout.px(2), layout.py(1), 3, color, 150)).isFalse();
    }

    @Test
    void drawsAStraightLineInLogSpaceAndSkipsNonPositiveValues() {
        LinePlot plot = LinePlot.builder().logY(true)
                .add(Series.of("loss", new double[] {1, 2, 3}, new double[] {1, 100, 0}))
                .build();
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(600, 400, plot).render(layouts);

        LinePlot.Layout layout = layouts.get(0);
        assertThat(layout.yAxis().log).isTrue();
        assertThat(layout.py(10)).isCloseTo((layout.py(1) + layout.py(100)) / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(colorNear(image, layout.px(1.5), layout.py(10), 1, layout.colors().get(0), 40)).isTrue();
    }

    @Test
    void keepsAFixedYRangeAndClipsWhatFallsOutside() {
        LinePlot plot = LinePlot.builder().yRange(0, 1)
                .add(Series.of("acc", EPOCHS, new double[] {0.5, 0.5, 2.0, 0.5, 0.5}))
                .build();
        List<LinePlot.Layout> layouts = new ArrayList<>();
        BufferedImage image = Figure.of(600, 400, plot).render(layouts);

        LinePlot.Layout layout = layouts.get(0);
        assertThat(layout.yAxis().min).isZero();
        assertThat(layout.yAxis().max).isEqualTo(1.0);
        double above = layout.plotArea().y - 6;
        assertThat(colorNear(image, layout.px(3), above, 3, layout.colors().get(0), 150)).isFalse();
    }

    @Test
    void rendersAllNaNEmptyAndSinglePointSeriesWithoutThrowing() {
        LinePlot allNaN = LinePlot.builder().title("nothing")
                .add(Series.of("nan", new double[] {Double.NaN, Double.NaN}))
                .add(Series.of("empty", new double[0]))
                .build();
        LinePlot single = LinePlot.builder().logY(true)
                .add(Series.of("one", new double[] {3}, new double[] {0.25}).withBand(new double[] {0.2}, new double[] {0.3}))
                .build();
        LinePlot none = LinePlot.builder().build();
        List<LinePlot.Layout> layouts = new ArrayList<>();

        assertThatCode(() -> Figure.of(900, 300, allNaN, single, none).render(layouts)).doesNotThrowAnyException();
        BufferedImage image = Figure.of(900, 300, allNaN, single, none).render(layouts);
        LinePlot.Layout one = layouts.get(4);
        assertThat(colorNear(image, one.px(3), one.py(0.25), 1, one.colors().get(0), 40)).isTrue();
        assertThat(layouts.get(5).legend()).isNull();
    }

    @Test
    void rejectsAFigureTooSmallForItsPanelsAndABadYRange() {
        assertThatThrownBy(() -> Figure.of(500, 420, lossPlot(), accuracyPlot(), lossPlot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("figure size 500x420 is too small for 3 panel(s); use at least 600x150");
        assertThatThrownBy(() -> Figure.of(500, 420))
                .hasMessageContaining("at least one panel");
        assertThatThrownBy(() -> LinePlot.builder().yRange(1, 0).build())
                .hasMessageContaining("y range must be finite with min < max, got [1.0, 0.0]");
        assertThatThrownBy(() -> LinePlot.builder().logY(true).yRange(0, 1).build())
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> Series.of("x", new double[2], new double[3]))
                .hasMessageContaining("y has 3 values but x has 2");
    }
}
