package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineScheduleTests {

    private static double at(LearningRateSchedule s, int epoch) {
        return s.rate(Progress.startOf(epoch, 0));
    }

    @Test
    void startsAtTheBaseRateAndEndsAtTheMinimum() {
        LearningRateSchedule s = Schedules.parse("cosine:min=0.0001", 0.1, 50);
        assertThat(at(s, 0)).isEqualTo(0.1);
        assertThat(at(s, 50)).isCloseTo(0.0001, within(1e-15));
        assertThat(at(s, 25)).isCloseTo((0.1 + 0.0001) / 2, within(1e-15));
    }

    @Test
    void followsTheHalfCosineEveryEpoch() {
        LearningRateSchedule s = Schedules.parse("cosine:min=0.01", 0.5, 30);
        double previous = Double.POSITIVE_INFINITY;
        for (int e = 0; e < 30; e++) {
            double expected = 0.01 + (0.5 - 0.01) * (1 + Math.cos(Math.PI * e / 30)) / 2;
            assertThat(at(s, e)).as("epoch %d", e).isCloseTo(expected, within(1e-15));
            assertThat(at(s, e)).isLessThan(previous);
            previous = at(s, e);
        }
    }

    @Test
    void aMinimumOfZeroLeavesEveryEpochOfTheRunAPositiveRate() {
        LearningRateSchedule s = Schedules.parse("cosine", 0.1, 10);
        for (int e = 0; e < 10; e++) {
            assertThat(at(s, e)).isPositive();
        }
        assertThat(at(s, 9)).isCloseTo(0.1 * (1 + Math.cos(Math.PI * 0.9)) / 2, within(1e-15));
    }

    @Test
    void perIterationUsesTheFractionalEpoch() {
        LearningRateSchedule s = Schedules.parse("cosine:min=0,per=iteration", 1.0, 4);
        assertThat(s.variesWithinEpoch()).isTrue();
        double t = 1 + 3.0 / 8;
        assertThat(s.rate(new Progress(1, 3, 8, 11))).isCloseTo((1 + Math.cos(Math.PI * t / 4)) / 2, within(1e-15));
        LearningRateSchedule perEpoch = Schedules.parse("cosine:min=0", 1.0, 4);
        assertThat(perEpoch.variesWithinEpoch()).isFalse();
        assertThat(perEpoch.rate(new Progress(1, 3, 8, 11))).isEqualTo(at(perEpoch, 1));
    }
}
