package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.engine.EpochMetrics;
import descent.engine.Training;
import descent.engine.TrainingListener;
import descent.engine.schedule.Schedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The optimizers in the real engine: found through {@link ServiceLoader} as the app finds them,
 * trained on a small synthetic data set with the engine's loop, schedules and metrics.
 */
class TrainingWithOdeOptimizersTests {

    private static final int SAMPLES = 512;
    private static final long SEED = 13;

    private static <P extends Provider> P provider(Class<P> type, String id) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " '" + id + "'"));
    }

    private static Dataset rings() {
        DatasetProvider p = provider(DatasetProvider.class, "rings");
        return Scaling.UNIT.apply(p.load(new DatasetRequest(Optional.empty(), Hyperparameters.of("data set 'rings'",
                p.hyperparameters(), Map.of("samples", Integer.toString(SAMPLES), "test-samples", "100")), SEED)));
    }

    private static Model mlp(Dataset data) {
        ModelProvider p = provider(ModelProvider.class, "mlp");
        return p.create(new ModelSpec(data.featureShape(), data.classes(), SEED),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), Map.of("hidden", "8")));
    }

    private static Optimizer optimizer(String id, Map<String, String> values) {
        OptimizerProvider p = provider(OptimizerProvider.class, id);
        return p.create(Hyperparameters.of("optimizer '" + id + "'", p.hyperparameters(), values));
    }

    /** Records what the engine reports per epoch. */
    private static final class Recorder implements TrainingListener {
        final List<Integer> batches = new ArrayList<>();
        final List<Integer> plannedSizes = new ArrayList<>();
        final List<EpochMetrics> metrics = new ArrayList<>();

        @Override
        public void epochStarted(EpochPlan plan, int count) {
            batches.add(count);
            plannedSizes.add(plan.batchSize());
        }

        @Override
        public void epochDone(EpochMetrics m) {
            metrics.add(m);
        }
    }

    private static Recorder train(String id, Map<String, String> values, String schedule, double lr, int epochs,
            int batchSize) {
        Dataset data = rings();
        Recorder r = new Recorder();
        Training.builder().model(mlp(data)).data(data).optimizer(id, optimizer(id, values))
                .schedule(Schedules.parse(schedule, lr, epochs)).epochs(epochs).batchSize(batchSize).seed(SEED)
                .listener(r).build().run();
        return r;
    }

    @Test
    void everyOptimizerOfTheModuleIsFoundByIdNextToTheBuiltIns() {
        List<String> ids = ServiceLoader.load(OptimizerProvider.class).stream().map(p -> p.get().id())
                .collect(Collectors.toList());
        assertThat(ids).contains("gd", "euler-maruyama", "heavy-ball", "adaptive-batch-sgd", "adaptive-momentum",
                "heun", "midpoint", "rk4", "ab4", "adams-pece");
        assertThat(ids).as("ids with the engine's built-ins").doesNotHaveDuplicates();
    }

    @Test
    void adaptiveBatchSgdUsesTheScheduledBatchSizesAndEverySampleOncePerEpoch() {
        Recorder r = train("adaptive-batch-sgd", Map.of("batch-schedule", "1:64,3:128,4:1024"), "constant", 0.1, 5, 16);
        int[] expectedSizes = {16, 64, 64, 128, 512};
        int[] sizes = r.metrics.stream().mapToInt(EpochMetrics::batchSize).toArray();
        assertThat(sizes).as("batch size per epoch (1024 capped at the %d samples)", SAMPLES).containsExactly(expectedSizes);
        assertThat(r.batches).containsExactly(32, 8, 8, 4, 1);
        long previous = 0;
        for (int e = 0; e < 5; e++) {
            EpochMetrics m = r.metrics.get(e);
            assertThat(m.gradientEvaluations() - previous).as("steps in epoch %d", e).isEqualTo((long) r.batches.get(e));
            previous = m.gradientEvaluations();
            int size = sizes[e];
            int count = r.batches.get(e);
            assertThat((long) count * size).as("batches cover the set").isGreaterThanOrEqualTo(SAMPLES);
            assertThat((long) (count - 1) * size).as("no batch beyond the set").isLessThan(SAMPLES);
            int[] order = Training.permutation(SAMPLES, SEED, e);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            int[] identity = new int[SAMPLES];
            Arrays.setAll(identity, i -> i);
            assertThat(sorted).as("epoch %d draws every sample exactly once", e).containsExactly(identity);
        }
    }

    @Test
    void gradientDescentTakesOneFullBatchStepPerEpoch() {
        Recorder r = train("gd", Map.of(), "constant", 0.5, 3, 32);
        assertThat(r.batches).containsExactly(1, 1, 1);
        assertThat(r.metrics).extracting(EpochMetrics::batchSize).containsExactly(SAMPLES, SAMPLES, SAMPLES);
        assertThat(r.metrics.get(2).trainLoss()).isLessThan(r.metrics.get(0).trainLoss());
    }

    @Test
    void adaptiveMomentumFollowsOneMinusCSqrtAlphaAfterEachDropOfAMultistepSchedule() {
        Recorder r = train("adaptive-momentum", Map.of("beta", "0.9"), "multistep:2=0.01,4=0.001", 0.1, 6, 64);
        double c = (1 - 0.9) / Math.sqrt(0.1);
        double[] rates = {0.1, 0.1, 0.01, 0.01, 0.001, 0.001};
        for (int e = 0; e < 6; e++) {
            EpochMetrics m = r.metrics.get(e);
            assertThat(m.learningRate()).isCloseTo(rates[e], within(1e-12));
            double expected = e < 2 ? 0.9 : 1 - c * Math.sqrt(rates[e]);
            assertThat(m.momentum()).as("beta of epoch %d", e).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void theDynamicalSystemsOptimizersTrainAndCountTheirEvaluations() {
        Map<String, Integer> evaluationsPerStep = Map.of("rk4", 4, "heun", 2, "midpoint", 2, "ab4", 1);
        evaluationsPerStep.forEach((id, perStep) -> {
            Recorder r = train(id, id.equals("ab4") ? Map.of("startup", "gd") : Map.of(), "constant", 0.1, 2, 64);
            assertThat(r.metrics.get(1).gradientEvaluations()).as("%s evaluations", id).isEqualTo(2L * 8 * perStep);
            assertThat(r.metrics.get(1).trainLoss()).as("%s trains", id).isLessThan(r.metrics.get(0).trainLoss());
        });
        // PECE: three start-up steps of one evaluation, then two per step.
        Recorder r = train("adams-pece", Map.of(), "constant", 0.1, 2, 64);
        assertThat(r.metrics.get(1).gradientEvaluations()).isEqualTo(3 + 2L * (16 - 3));
    }

    @Test
    void aBatchScheduleNamingEpochsPastTheRunFailsBeforeTraining() {
        Dataset data = rings();
        Recorder r = new Recorder();
        Training t = Training.builder().model(mlp(data)).data(data)
                .optimizer("adaptive-batch-sgd", optimizer("adaptive-batch-sgd", Map.of("batch-schedule", "2:64,5:128")))
                .schedule(Schedules.parse("constant", 0.1, 5)).epochs(5).batchSize(16).listener(r).build();
        assertThatThrownBy(t::run).isInstanceOf(DescentException.class).hasMessageContaining("epoch 5")
                .hasMessageContaining("'2:64,5:128'");
        assertThat(r.batches).as("epochs started").isEmpty();
    }
}
