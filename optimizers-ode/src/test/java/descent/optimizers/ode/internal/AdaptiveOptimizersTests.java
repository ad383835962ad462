package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-epoch rules of Algorithms 2 and 3 and of {@code gd}, on epoch plans alone. */
class AdaptiveOptimizersTests {

    private static EpochPlan plan(Optimizer o, int epoch, double lr, int batch) {
        EpochPlan p = new EpochPlan(epoch, 50, lr, batch);
        o.beforeEpoch(p);
        return p;
    }

    @Test
    void batchSizeFollowsTheScheduleFromTheListedEpochsOn() {
        Optimizer o = Trajectories.create(new AdaptiveBatchSgdProvider(),
                Map.of("batch-schedule", "20:1024,30:2048,40:4096"), 3);
        int[] expected = new int[50];
        for (int e = 0; e < 50; e++) {
            expected[e] = e < 20 ? 64 : e < 30 ? 1024 : e < 40 ? 2048 : 4096;
        }
        for (int e = 0; e < 50; e++) {
            assertThat(plan(o, e, 0.1, 64).batchSize()).as("batch size of epoch %d", e).isEqualTo(expected[e]);
        }
        assertThat(o.exportState()).isEqualTo(Snapshot.EMPTY);
    }

    @Test
    void gradientDescentAsksForTheWholeTrainingSet() {
        Optimizer o = Trajectories.create(new GradientDescentProvider(), Map.of(), 3);
        assertThat(plan(o, 0, 0.1, 64).batchSize()).isEqualTo(Integer.MAX_VALUE);
    }

    /** Algorithm 3 on the thesis's MLP schedule: 0.1, then 0.01 at 20, 0.001 at 35, β₀ = 0.9. */
    @Test
    void betaFollowsOneMinusCSqrtAlphaAfterEachDrop() {
        Optimizer o = Trajectories.create(new AdaptiveMomentumProvider(), Map.of("beta", "0.9"), 3);
        double c = 0.1 / Math.sqrt(0.1);
        for (int e = 0; e < 50; e++) {
            double lr = e < 20 ? 0.1 : e < 35 ? 0.01 : 0.001;
            double expected = e < 20 ? 0.9 : 1 - c * Math.sqrt(lr);
            assertThat(plan(o, e, lr, 64).momentum().getAsDouble()).as("beta of epoch %d", e)
                    .isCloseTo(expected, within(1e-15));
        }
        assertThat(o.exportState().number(HeavyBall.C)).isCloseTo(c, within(1e-15));
    }

    @Test
    void aGivenCIsUsedFromTheFirstChangeOn() {
        Optimizer o = Trajectories.create(new AdaptiveMomentumProvider(), Map.of("beta", "0.5", "c", "2"), 3);
        assertThat(plan(o, 0, 0.1, 64).momentum().getAsDouble()).isEqualTo(0.5);
        assertThat(plan(o, 1, 0.01, 64).momentum().getAsDouble()).isCloseTo(0.8, within(1e-15));
    }

    @Test
    void resumedAdaptiveMomentumKeepsItsBetaAndItsC() {
        Optimizer o = Trajectories.create(new AdaptiveMomentumProvider(), Map.of("beta", "0.9"), 3);
        plan(o, 0, 0.1, 64);
        plan(o, 1, 0.01, 64);
        Snapshot s = o.exportState();
        Optimizer resumed = Trajectories.create(new AdaptiveMomentumProvider(), Map.of("beta", "0.9"), 3);
        resumed.importState(s);
        assertThat(plan(resumed, 2, 0.01, 64).momentum().getAsDouble())
                .isEqualTo(plan(o, 2, 0.01, 64).momentum().getAsDouble());
        assertThat(plan(resumed, 3, 0.001, 64).momentum().getAsDouble())
                .isCloseTo(1 - 0.1 / Math.sqrt(0.1) * Math.sqrt(0.001), within(1e-15));
    }

    @Test
    void heavyBallReportsItsFixedBeta() {
        Optimizer o = Trajectories.create(new HeavyBallProvider(), Map.of("beta", "0.7"), 3);
        assertThat(plan(o, 0, 0.1, 64).momentum().getAsDouble()).isEqualTo(0.7);
        assertThat(plan(o, 1, 0.01, 64).momentum().getAsDouble()).isEqualTo(0.7);
    }
}
