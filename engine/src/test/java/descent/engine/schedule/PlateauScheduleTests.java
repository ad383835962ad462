package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlateauScheduleTests {

    private static double rate(LearningRateSchedule s, int epoch) {
        return s.rate(Progress.startOf(epoch, 0));
    }

    /** Observes {@code losses} for epochs 0, 1, ... and returns the rate each following epoch starts with. */
    private static List<Double> run(LearningRateSchedule s, double... losses) {
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < losses.length; e++) {
            s.observe(e, losses[e]);
            rates.add(rate(s, e + 1));
        }
        return rates;
    }

    @Test
    void reducesAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.1,patience=3,threshold=0", 0.1, 50);
        assertThat(s.observesLoss()).isTrue();
        assertThat(rate(s, 0)).isEqualTo(0.1);
        List<Double> rates = run(s, 1.0, 0.9, 0.95, 0.9, 0.91, 0.8, 0.85, 0.85, 0.85, 0.86);
        // Bad epochs: 2, 3, 4 (three in a row) -> reduce; 5 improves; 6, 7, 8 -> reduce; 9 bad again.
        double once = 0.1 * 0.1;
        double twice = once * 0.1;
        assertThat(rates).containsExactly(0.1, 0.1, 0.1, 0.1, once, once, once, once, twice, twice);
    }

    @Test
    void anImprovementResetsTheCount() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.5,patience=2,threshold=0", 1.0, 50);
        List<Double> rates = run(s, 5, 6, 4, 6, 3, 7, 2, 8);
        assertThat(rates).allMatch(r -> r == 1.0);
    }

    @Test
    void improvementsSmallerThanTheRelativeThresholdCountAsBad() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.5,patience=2,threshold=0.01", 1.0, 50);
        // 0.995 is less than 1 but not below 1·(1 − 0.01): bad; 0.98 is below 0.99: an improvement.
        assertThat(run(s, 1.0, 0.995, 0.98, 0.975, 0.9745)).containsExactly(1.0, 1.0, 1.0, 1.0, 0.5);
    }

    @Test
    void neverGoesBelowTheMinimum() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.1,patience=1,min=0.005", 1.0, 50);
        List<Double> rates = run(s, 1, 1, 1, 1, 1);
        assertThat(rates).hasSize(5);
        assertThat(rates.get(0)).isEqualTo(1.0);
        assertThat(rates.get(1)).isEqualTo(0.1);
        assertThat(rates.get(2)).isEqualTo(0.1 * 0.1);
        assertThat(rates.get(3)).isEqualTo(0.005);
        assertThat(rates.get(4)).isEqualTo(0.005);
    }

    @Test
    void cooldownIgnoresBadEpochsAfterAReduction() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.5,patience=1,cooldown=2", 1.0, 50);
        // Epoch 1 bad: reduce to 0.5, then epochs 2 and 3 are cooldown, epoch 4 bad again: 0.25.
        assertThat(run(s, 1, 2, 2, 2, 2)).containsExactly(1.0, 0.5, 0.5, 0.5, 0.25);
    }

    @Test
    void aNaNLossCountsAsNoImprovement() {
        LearningRateSchedule s = Schedules.parse("plateau:factor=0.5,patience=2", 1.0, 50);
        assertThat(run(s, Double.NaN, Double.NaN, 1.0, Double.POSITIVE_INFINITY, Double.NaN)).containsExactly(1.0, 0.5, 0.5, 0.5, 0.25);
    }

    @Test
    void exportedStateImportedIntoAFreshScheduleContinuesIdentically() {
        String spec = "plateau:factor=0.3,patience=2,min=0.0001,threshold=0.001,cooldown=1";
        Random random = new Random(7);
        double[] losses = new double[60];
        double level = 2.0;
        for (int e = 0; e < losses.length; e++) {
            level *= random.nextDouble() < 0.4 ? 0.97 : 1.0;
            losses[e] = level * (1 + 0.02 * random.nextDouble());
        }
        LearningRateSchedule uninterrupted = Schedules.parse(spec, 0.1, 60);
        List<Double> expected = run(uninterrupted, losses);

        for (int cut = 0; cut <= losses.length; cut += 7) {
            LearningRateSchedule first = Schedules.parse(spec, 0.1, 60);
            List<Double> rates = new ArrayList<>();
            for (int e = 0; e < cut; e++) {
                first.observe(e, losses[e]);
                rates.add(rate(first, e + 1));
            }
            Snapshot state = first.exportState();
            LearningRateSchedule resumed = Schedules.parse(spec, 0.1, 60);
            resumed.importState(state);
            assertThat(rate(resumed, cut)).isEqualTo(rate(first, cut));
            for (int e = cut; e < losses.length; e++) {
                resumed.observe(e, losses[e]);
                rates.add(rate(resumed, e + 1));
            }
            assertThat(rates).as("resumed after %d epochs", cut).containsExactlyElementsOf(expected);
        }
        assertThat(expected.get(expected.size() - 1)).isLessThan(0.1);
    }

    @Test
    void importingAnotherSchedulesStateFailsNamingTheField() {
        LearningRateSchedule s = Schedules.parse("plateau", 0.1, 10);
        assertThatThrownBy(() -> s.importState(Snapshot.EMPTY)).isInstanceOf(DescentException.class)
                .hasMessageContaining("'plateau.rate'");
    }

    @Test
    void stateOfAPureScheduleIsEmpty() {
        assertThat(Schedules.parse("cosine", 0.1, 10).exportState()).isEqualTo(Snapshot.EMPTY);
    }

    @Test
    void rejectsAnEpochReportedTwice() {
        LearningRateSchedule s = Schedules.parse("plateau", 0.1, 10);
        s.observe(0, 1.0);
        s.observe(1, 1.0);
        assertThatThrownBy(() -> s.observe(1, 0.5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("epoch 1");
    }
}
