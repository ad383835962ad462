package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AxisTests {

    private static List<String> labels(Axis axis) {
        return axis.ticks.stream().map(Axis.Tick::label).filter(l -> l != null).toList();
    }

    @Test
    void stepsByOneTwoOrFiveTimesAPowerOfTenWithTicksInsideTheRange() {
        Random random = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            double scale = Math.pow(10, random.nextInt(16) - 8);
            double lo = (random.nextDouble() * 2 - 1) * scale;
            double hi = lo + random.nextDouble() * scale * 3 + scale * 1e-6;
            int target = 2 + random.nextInt(8);
            Axis axis = Axis.linear(lo, hi, target, 0.05);

            assertThat(axis.min).isLessThan(lo);
            assertThat(axis.max).isGreaterThan(hi);
            List<Axis.Tick> ticks = axis.ticks;
            assertThat(ticks.size()).as("ticks for [%s, %s] target %s", lo, hi, target).isBetween(2, 2 * target + 2);
            double step = ticks.get(1).value() - ticks.get(0).value();
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertThat(Math.round(mantissa * 1000) / 1000.0).isIn(1.0, 2.0, 5.0);
            for (Axis.Tick t : ticks) {
                assertThat(t.value()).isBetween(axis.min, axis.max);
            }
            assertThat(labels(axis)).as("labels for [%s, %s]", lo, hi).doesNotHaveDuplicates();
        }
    }

    @Test
    void stepsDownWhenTheRoundedStepLeavesASingleTick() {
        Axis axis = Axis.linear(-9e-8, 6e-8, 2, 0);
        assertThat(axis.ticks.size()).isGreaterThanOrEqualTo(2);
        assertThat(Axis.smallerStep(10)).isEqualTo(5);
        assertThat(Axis.smallerStep(5)).isEqualTo(2);
        assertThat(Axis.smallerStep(2)).isEqualTo(1);
        assertThat(Axis.smallerStep(0.1)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void labelsTicksWithTheDecimalsTheStepNeeds() {
        assertThat(labels(Axis.linear(0, 1, 5, 0))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(labels(Axis.linear(-3, 7, 5, 0))).containsExactly("-2", "0", "2", "4", "6");
        assertThat(labels(Axis.linear(-0.3, 0.3, 6, 0))).contains("0.0").doesNotContain("-0.0");
        assertThat(labels(Axis.linear(0, 2e-5, 4, 0))).containsExactly("0", "5e-6", "1e-5", "1.5e-5", "2e-5");
        assertThat(labels(Axis.linear(0, 3e6, 3, 0))).containsExactly("0", "1e6", "2e6", "3e6");
    }

    @Test
    void widensAnEmptyRangeAroundTheValue() {
        Axis axis = Axis.linear(5, 5, 5, 0.05);
        assertThat(axis.min).isLessThan(5);
        assertThat(axis.max).isGreaterThan(5);
        assertThat(labels(axis)).isNotEmpty();
        Axis zero = Axis.linear(0, 0, 5, 0.05);
        assertThat(zero.min).isEqualTo(-1.0);
        assertThat(zero.max).isEqualTo(1.0);
        Axis none = Axis.linear(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 5, 0);
        assertThat(none.min).isZero();
        assertThat(none.max).isEqualTo(1.0);
    }

    @Test
    void putsALabelOnEveryDecadeOfAWideLogarithmicRange() {
        Axis axis = Axis.logarithmic(1e-3, 10, 8, 0);
        assertThat(labels(axis)).containsExactly("10^-3", "10^-2", "10^-1", "10^0", "10^1");
        assertThat(axis.fraction(1e-3)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(axis.fraction(0.1)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));

        Axis many = Axis.logarithmic(1e-20, 1e20, 5, 0);
        assertThat(labels(many).size()).isBetween(4, 6);
    }

    @Test
    void labelsANarrowLogarithmicRangeWithPlainNumbers() {
        assertThat(labels(Axis.logarithmic(0.05, 2.5, 6, 0.05))).containsExactly("0.05", "0.1", "0.2", "0.5", "1", "2");
        assertThat(labels(Axis.logarithmic(0.3, 0.8, 6, 0.05))).containsExactly("0.3", "0.4", "0.5", "0.6", "0.7", "0.8");
    }

    @Test
    void anIntegerAxisHasTicksAtWholeNumbersOnly() {
        for (double hi : new double[] {2, 3, 5, 20, 300}) {
            Axis a = Axis.linear(1, hi, 8, 0.03, true);
            assertThat(a.ticks).isNotEmpty();
            for (Axis.Tick t : a.ticks) {
                assertThat(t.value()).as("epochs 1 to %s", hi).isEqualTo(Math.rint(t.value()));
                assertThat(t.label()).doesNotContain(".");
            }
        }
        assertThat(Axis.linear(1, 2, 8, 0.03, false).ticks).hasSizeGreaterThan(2);
        assertThat(Axis.linear(1, 2, 8, 0.03, true).ticks).extracting(Axis.Tick::value).containsExactly(1.0, 2.0);
    }
}
