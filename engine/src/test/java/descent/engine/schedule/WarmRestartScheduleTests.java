package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarmRestartScheduleTests {

    private static double at(LearningRateSchedule s, int epoch) {
        return s.rate(Progress.startOf(epoch, 0));
    }

    private static double cosine(double base, double min, double tCur, double tI) {
        return min + (base - min) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
    }

    @Test
    void restartsAtT0ThenT0PlusT0TimesMult() {
        LearningRateSchedule s = Schedules.parse("sgdr:t0=10,mult=2,min=0", 0.1, 100);
        // Cycles: [0, 10), [10, 30), [30, 70), [70, 150).
        for (int restart : new int[] {0, 10, 30, 70}) {
            assertThat(at(s, restart)).as("epoch %d", restart).isEqualTo(0.1);
        }
        assertThat(at(s, 9)).isCloseTo(cosine(0.1, 0, 9, 10), within(1e-15));
        assertThat(at(s, 29)).isCloseTo(cosine(0.1, 0, 19, 20), within(1e-15));
        assertThat(at(s, 69)).isCloseTo(cosine(0.1, 0, 39, 40), within(1e-15));
        assertThat(at(s, 50)).isCloseTo(cosine(0.1, 0, 20, 40), within(1e-15));
        assertThat(at(s, 50)).isCloseTo(0.05, within(1e-15));
        for (int e = 1; e < 100; e++) {
            boolean restart = e == 10 || e == 30 || e == 70;
            assertThat(at(s, e) > at(s, e - 1)).as("epoch %d", e).isEqualTo(restart);
        }
    }

    @Test
    void withMultOneEveryCycleIsTheSame() {
        LearningRateSchedule s = Schedules.parse("sgdr:t0=5,min=0.001", 0.2, 40);
        for (int e = 0; e < 40; e++) {
            assertThat(at(s, e)).as("epoch %d", e).isCloseTo(cosine(0.2, 0.001, e % 5, 5), within(1e-15));
        }
    }

    @Test
    void perIterationAnnealsWithinTheEpochAndRestartsOnTheBoundary() {
        LearningRateSchedule s = Schedules.parse("sgdr:t0=2,mult=3,per=iteration", 1.0, 20);
        assertThat(s.variesWithinEpoch()).isTrue();
        assertThat(s.rate(new Progress(1, 5, 10, 15))).isCloseTo(cosine(1.0, 0, 1.5, 2), within(1e-15));
        assertThat(s.rate(new Progress(1, 9, 10, 19))).isCloseTo(cosine(1.0, 0, 1.9, 2), within(1e-15));
        assertThat(s.rate(new Progress(2, 0, 10, 20))).isEqualTo(1.0);
        assertThat(s.rate(new Progress(5, 0, 10, 50))).isCloseTo(cosine(1.0, 0, 3, 6), within(1e-15));
        assertThat(s.rate(new Progress(8, 0, 10, 80))).isEqualTo(1.0);
    }
}
