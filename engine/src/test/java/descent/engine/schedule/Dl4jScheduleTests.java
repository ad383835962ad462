package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Dl4jScheduleTests {

    private static double at(LearningRateSchedule s, int epoch) {
        return s.rate(Progress.startOf(epoch, 100L * epoch));
    }

    @Test
    void constantKeepsTheBaseRateEveryEpoch() {
        LearningRateSchedule s = Schedules.parse("constant", 0.05, 30);
        for (int e = 0; e < 30; e++) {
            assertThat(at(s, e)).isEqualTo(0.05);
        }
        assertThat(s.variesWithinEpoch()).isFalse();
        assertThat(s.observesLoss()).isFalse();
    }

    @Test
    void stepMultipliesByGammaEveryNEpochs() {
        LearningRateSchedule s = Schedules.parse("step:every=10,gamma=0.5", 0.2, 40);
        for (int e = 0; e < 40; e++) {
            assertThat(at(s, e)).isCloseTo(0.2 * Math.pow(0.5, e / 10), within(1e-15));
        }
        assertThat(at(s, 9)).isEqualTo(0.2);
        assertThat(at(s, 10)).isEqualTo(0.1);
        assertThat(at(s, 30)).isEqualTo(0.025);
    }

    @Test
    void stepDefaultsGammaToOneTenth() {
        LearningRateSchedule s = Schedules.parse("step:every=3", 1.0, 10);
        assertThat(at(s, 2)).isEqualTo(1.0);
        assertThat(at(s, 3)).isCloseTo(0.1, within(1e-15));
        assertThat(at(s, 6)).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void multistepFollowsTheThesisSchedule() {
        LearningRateSchedule s = Schedules.parse("multistep:20=0.01,35=0.001", 0.1, 50);
        for (int e = 0; e < 50; e++) {
            double expected = e < 20 ? 0.1 : e < 35 ? 0.01 : 0.001;
            assertThat(at(s, e)).as("epoch %d", e).isEqualTo(expected);
        }
    }

    @Test
    void multistepFactorsMultiplyThePreviousRate() {
        LearningRateSchedule s = Schedules.parse("multistep:20=x0.1,35=x0.1", 0.1, 50);
        assertThat(at(s, 19)).isEqualTo(0.1);
        assertThat(at(s, 20)).isCloseTo(0.01, within(1e-15));
        assertThat(at(s, 34)).isCloseTo(0.01, within(1e-15));
        assertThat(at(s, 35)).isCloseTo(0.001, within(1e-15));
        assertThat(at(s, 49)).isCloseTo(0.001, within(1e-15));
    }

    @Test
    void multistepMixesRatesAndFactors() {
        LearningRateSchedule s = Schedules.parse("multistep:5=0.5,8=x0.2", 1.0, 10);
        assertThat(at(s, 4)).isEqualTo(1.0);
        assertThat(at(s, 5)).isEqualTo(0.5);
        assertThat(at(s, 8)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void exponentialIsBaseTimesGammaToTheEpoch() {
        LearningRateSchedule s = Schedules.parse("exponential:gamma=0.95", 0.1, 100);
        for (int e : new int[] {0, 1, 2, 17, 50, 99}) {
            assertThat(at(s, e)).isCloseTo(0.1 * Math.pow(0.95, e), within(1e-15));
        }
    }

    @Test
    void inverseTimeIsBaseOverOnePlusGammaEpochToThePower() {
        LearningRateSchedule s = Schedules.parse("inverse:gamma=0.01,power=1", 0.1, 200);
        assertThat(at(s, 0)).isEqualTo(0.1);
        assertThat(at(s, 100)).isCloseTo(0.05, within(1e-15));
        LearningRateSchedule squared = Schedules.parse("inverse:gamma=0.5,power=2", 1.0, 10);
        for (int e = 0; e < 10; e++) {
            assertThat(at(squared, e)).isCloseTo(1.0 / Math.pow(1 + 0.5 * e, 2), within(1e-15));
        }
    }

    @Test
    void perEpochSchedulesIgnoreTheStepWithinTheEpoch() {
        LearningRateSchedule s = Schedules.parse("exponential:gamma=0.5", 1.0, 10);
        assertThat(s.variesWithinEpoch()).isFalse();
        assertThat(s.rate(new Progress(3, 7, 10, 37))).isEqualTo(at(s, 3));
    }
}
