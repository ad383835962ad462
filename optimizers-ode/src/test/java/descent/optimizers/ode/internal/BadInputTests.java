package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every user error is a {@link DescentException} with a one-line message naming the value. */
class BadInputTests {

    private static Optimizer create(OptimizerProvider p, Map<String, String> values) {
        Optimizer o = p.create(Hyperparameters.of("optimizer '" + p.id() + "'", p.hyperparameters(), values));
        o.initialize(3);
        return o;
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void rejectsBetaOutsideTheOpenUnitInterval() {
        for (String beta : new String[] {"0", "1", "1.2", "-0.1"}) {
            assertThatThrownBy(() -> create(new AdaptiveMomentumProvider(), Map.of("beta", beta)))
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("'beta'").hasMessageContaining(beta)
                    .satisfies(BadInputTests::assertOneLine);
        }
        assertThatThrownBy(() -> create(new HeavyBallProvider(), Map.of("beta", "1")))
                .isInstanceOf(DescentException.class).hasMessageContaining("'beta'").hasMessageContaining("got 1");
    }

    @Test
    void rejectsACThatMakesBetaNonPositiveWhenTheRateChanges() {
        Optimizer o = create(new AdaptiveMomentumProvider(), Map.of("beta", "0.9", "c", "5"));
        o.beforeEpoch(new EpochPlan(0, 3, 0.1, 8));
        // alpha = 0.05: beta = 1 - 5 * sqrt(0.05) = -0.118
        assertThatThrownBy(() -> o.beforeEpoch(new EpochPlan(1, 3, 0.05, 8)))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'c'").hasMessageContaining("5.0")
                .hasMessageContaining("alpha = 0.05")
                .hasMessageContaining("beta = 1 - c*sqrt(alpha) = -0.118")
                .satisfies(BadInputTests::assertOneLine);
    }

    @Test
    void rejectsABatchScheduleThatDoesNotGrow() {
        OptimizerProvider p = new AdaptiveBatchSgdProvider();
        assertThatThrownBy(() -> create(p, Map.of("batch-schedule", "20:1024,30:512")))
                .isInstanceOf(DescentException.class).hasMessageContaining("'30:512'").hasMessageContaining("grow")
                .satisfies(BadInputTests::assertOneLine);
        assertThatThrownBy(() -> create(p, Map.of("batch-schedule", "20:1024,20:2048")))
                .isInstanceOf(DescentException.class).hasMessageContaining("'20:2048'").hasMessageContaining("increase");
        assertThatCode(() -> create(p, Map.of("batch-schedule", "20:1024,30:2048"))).doesNotThrowAnyException();
    }

    @Test
    void rejectsAnUnparsableBatchSchedule() {
        OptimizerProvider p = new AdaptiveBatchSgdProvider();
        for (String bad : new String[] {"20=1024", "x:64", "20:", "", "5:-3"}) {
            assertThatThrownBy(() -> create(p, Map.of("batch-schedule", bad)))
                    .as("schedule '%s'", bad)
                    .isInstanceOf(DescentException.class).hasMessageContaining("'batch-schedule'")
                    .satisfies(BadInputTests::assertOneLine);
        }
        assertThatThrownBy(() -> create(p, Map.of("batch-schedule", "20=1024"))).hasMessageContaining("'20=1024'");
    }

    @Test
    void rejectsABatchScheduleNamingEpochsPastTheRunBeforeTraining() {
        Optimizer o = create(new AdaptiveBatchSgdProvider(), Map.of("batch-schedule", "20:1024,50:4096"));
        assertThatThrownBy(() -> o.beforeEpoch(new EpochPlan(0, 50, 0.1, 64)))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("epoch 50").hasMessageContaining("50 epochs")
                .satisfies(BadInputTests::assertOneLine);
    }

    @Test
    void rejectsABatchScheduleStartingBelowTheConfiguredBatchSize() {
        Optimizer o = create(new AdaptiveBatchSgdProvider(), Map.of("batch-schedule", "2:32,4:128"));
        assertThatThrownBy(() -> o.beforeEpoch(new EpochPlan(0, 10, 0.1, 64)))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("batch size 32").hasMessageContaining("64");
    }

    @Test
    void rejectsAnUnknownStartupOrStepChangePolicy() {
        assertThatThrownBy(() -> create(new AdamsPeceProvider(), Map.of("startup", "euler")))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'startup'").hasMessageContaining("'euler'").hasMessageContaining("gd, adams, rk4");
        assertThatThrownBy(() -> create(new AdamsBashforthProvider(), Map.of("on-step-change", "ignore")))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'on-step-change'").hasMessageContaining("'ignore'");
    }

    @Test
    void requiresATemperature() {
        assertThatThrownBy(() -> create(new EulerMaruyamaProvider(), Map.of()))
                .isInstanceOf(DescentException.class).hasMessageContaining("'temperature'")
                .hasMessageContaining("required");
    }
}
