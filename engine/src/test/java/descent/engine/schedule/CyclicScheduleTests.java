package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CyclicScheduleTests {

    /** Smith's closed form: cycle = ⌊1 + x/(2s)⌋, y = |x/s − 2·cycle + 1|, lr = base + (max − base)·max(0, 1 − y). */
    private static double smith(double base, double max, double stepSize, double x) {
        double cycle = Math.floor(1 + x / (2 * stepSize));
        double y = Math.abs(x / stepSize - 2 * cycle + 1);
        return base + (max - base) * Math.max(0, 1 - y);
    }

    @Test
    void isTriangularWithThePeriodInEpochs() {
        LearningRateSchedule s = Schedules.parse("cyclic:max=0.5,period=4", 0.1, 20);
        assertThat(s.variesWithinEpoch()).isTrue();
        int batches = 10;
        for (int e = 0; e < 20; e++) {
            for (int b = 0; b < batches; b++) {
                double x = e + (double) b / batches;
                assertThat(s.rate(new Progress(e, b, batches, (long) e * batches + b))).as("epoch %d batch %d", e, b)
                        .isCloseTo(smith(0.1, 0.5, 2, x), within(1e-12));
            }
        }
        assertThat(s.rate(Progress.startOf(0, 0))).isEqualTo(0.1);
        assertThat(s.rate(Progress.startOf(2, 0))).isCloseTo(0.5, within(1e-15));
        assertThat(s.rate(Progress.startOf(4, 0))).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(Progress.startOf(1, 0))).isCloseTo(0.3, within(1e-15));
        assertThat(s.rate(Progress.startOf(6, 0))).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void isTriangularWithThePeriodInIterations() {
        LearningRateSchedule s = Schedules.parse("cyclic:max=1.1,period=100it", 0.1, 5);
        for (long i = 0; i < 450; i++) {
            int epoch = (int) (i / 90);
            Progress p = new Progress(epoch, (int) (i % 90), 90, i);
            assertThat(s.rate(p)).as("iteration %d", i).isCloseTo(smith(0.1, 1.1, 50, i), within(1e-12));
        }
        assertThat(s.rate(new Progress(0, 50, 90, 50))).isCloseTo(1.1, within(1e-15));
        assertThat(s.rate(new Progress(0, 75, 90, 75))).isCloseTo(0.6, within(1e-15));
        assertThat(s.rate(new Progress(1, 10, 90, 100))).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void triangular2HalvesTheAmplitudeEveryCycle() {
        LearningRateSchedule s = Schedules.parse("cyclic:max=1.0,period=2,mode=triangular2", 0.2, 10);
        assertThat(s.rate(Progress.startOf(1, 0))).isCloseTo(1.0, within(1e-15));
        assertThat(s.rate(Progress.startOf(3, 0))).isCloseTo(0.2 + 0.8 / 2, within(1e-15));
        assertThat(s.rate(Progress.startOf(5, 0))).isCloseTo(0.2 + 0.8 / 4, within(1e-15));
        assertThat(s.rate(Progress.startOf(4, 0))).isCloseTo(0.2, within(1e-15));
    }
}
