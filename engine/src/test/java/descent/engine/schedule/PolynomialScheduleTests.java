package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PolynomialScheduleTests {

    private static double at(LearningRateSchedule s, int epoch) {
        return s.rate(Progress.startOf(epoch, 0));
    }

    @Test
    void decaysAsTheClosedFormToTheFinalRate() {
        int epochs = 20;
        LearningRateSchedule s = Schedules.parse("poly:power=2,final=0.001", 0.1, epochs);
        for (int e = 0; e <= epochs; e++) {
            double expected = 0.001 + (0.1 - 0.001) * Math.pow(1 - e / 20.0, 2);
            assertThat(at(s, e)).as("epoch %d", e).isCloseTo(expected, within(1e-15));
        }
        assertThat(at(s, 0)).isEqualTo(0.1);
        assertThat(at(s, epochs)).isEqualTo(0.001);
    }

    @Test
    void halfwayWithPowerTwoAndFinalZeroIsAQuarterOfTheBase() {
        // ND4J 1.0.0-M2.1's PolySchedule gives 2.25x the base here (it computes (1 + e/E)^p).
        LearningRateSchedule s = Schedules.parse("poly:power=2,final=0", 0.4, 10);
        assertThat(at(s, 5)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void linearByDefaultAndPositiveForEveryEpochOfTheRun() {
        LearningRateSchedule s = Schedules.parse("poly", 1.0, 4);
        assertThat(new double[] {at(s, 0), at(s, 1), at(s, 2), at(s, 3)}).containsExactly(1.0, 0.75, 0.5, 0.25);
        assertThat(at(s, 9)).isEqualTo(0.0);
    }
}
