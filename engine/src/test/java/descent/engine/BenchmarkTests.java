package descent.engine;

import static descent.engine.TrainingFixtures.dataset;
import static descent.engine.TrainingFixtures.optimizer;
import static descent.engine.TrainingFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import descent.api.data.Dataset;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The optimizer mode of the benchmark: per-step times, ratios to the reference, state sizes. */
class BenchmarkTests {

    @Test
    void measuresEveryOptimizerAgainstTheReferenceAndCountsItsStateInParameterBuffers() {
        Dataset data = dataset("xor", 1, Map.of("samples", "400", "test-samples", "50"));
        Benchmark bench = new Benchmark(data, provider(OptimizerProvider.class, "sgd"), "8", 20, 0.1);
        Map<String, Supplier<Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put("sgd", () -> optimizer("sgd", Map.of()));
        optimizers.put("momentum", () -> optimizer("momentum", Map.of()));
        optimizers.put("adam", () -> optimizer("adam", Map.of()));
        optimizers.put("sgd,momentum@1", () -> OptimizerSpec.parse("sgd,momentum@1").create(id -> optimizer(id, Map.of())));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Benchmark.OptimizerCosts costs = bench.compareOptimizers(optimizers, "sgd", 2,
                new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(costs.ids()).containsExactly("sgd", "momentum", "adam", "sgd,momentum@1");
        assertThat(costs.steps()).containsOnly(20);
        assertThat(costs.evaluationsPerStep()).containsOnly(1.0);
        // sgd keeps nothing, heavy-ball momentum a velocity, Adam two moments
        assertThat(costs.stateBuffers()).containsExactly(0.0, 1.0, 2.0, 0.0);
        assertThat(costs.ratio(0)).isEqualTo(1.0);
        assertThat(costs.pairedRatio(0)).isEqualTo(1.0);
        for (int i = 0; i < 4; i++) {
            assertThat(costs.stepSeconds()[i]).hasSize(2);
            assertThat(java.util.Arrays.stream(costs.stepSeconds()[i]).min().orElseThrow()).isPositive();
            assertThat(costs.ratio(i)).isPositive().isFinite();
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("warm-up", "round 1", "round 2", "ratio (medians)", "median of ratios", "state buffers");
        assertThat(printed.lines().filter(l -> l.startsWith("adam ")).findFirst().orElseThrow()).contains("2.00");
    }

    @Test
    void measuresATrainerAgainstAnOptimizerAndCountsItsState() {
        Dataset data = dataset("xor", 1, Map.of("samples", "400", "test-samples", "50"));
        Benchmark bench = new Benchmark(data, provider(OptimizerProvider.class, "sgd"), "8", 20, 0.1);
        Map<String, Supplier<Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put("sgd", () -> optimizer("sgd", Map.of()));
        Map<String, Supplier<descent.api.train.Trainer>> trainers = new LinkedHashMap<>();
        trainers.put("keeps-a-copy", KeepsACopy::new);
        Benchmark.OptimizerCosts costs = bench.compareOptimizers(optimizers, trainers, "sgd", 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(costs.ids()).containsExactly("sgd", "keeps-a-copy");
        assertThat(costs.steps()).containsOnly(20);
        assertThat(costs.stateBuffers()).containsExactly(0.0, 1.0);
        assertThat(costs.ratio(1)).isPositive().isFinite();
    }

    @Test
    void timesSgdOnBothExecutorsInOneRotation() {
        Dataset data = dataset("xor", 1, Map.of("samples", "400", "test-samples", "50"));
        Benchmark bench = new Benchmark(data, provider(OptimizerProvider.class, "sgd"), "8", 20, 0.1);
        Map<String, Supplier<Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put("sgd", () -> optimizer("sgd", Map.of()));
        optimizers.put("sgd-dl4j", () -> optimizer("sgd", Map.of()));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Benchmark.OptimizerCosts costs = bench.compareOptimizers(optimizers, Map.of(), Map.of("sgd-dl4j", Executor.DL4J), "sgd", 1,
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(costs.ids()).containsExactly("sgd", "sgd-dl4j");
        assertThat(costs.ratio(1)).isPositive().isFinite();
        assertThat(text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("sgd-dl4j ")).count()).isEqualTo(1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bench.compareOptimizers(optimizers, Map.of(),
                Map.of("adam", Executor.DL4J), "sgd", 1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'adam'");
    }

    /** A trainer that copies the parameters on every batch and exports the copy: one parameter-sized buffer. */
    static final class KeepsACopy implements descent.api.train.Trainer {
        private descent.api.model.Model model;
        private org.nd4j.linalg.api.ndarray.INDArray copy;

        @Override
        public void initialize(descent.api.model.Model m, long seed) {
            this.model = m;
        }

        @Override
        public double train(descent.api.train.Batch batch) {
            copy = model.parameters().dup();
            return model.loss(batch.features(), batch.labels());
        }

        @Override
        public descent.api.Snapshot exportState() {
            return descent.api.Snapshot.builder().array("copy", copy).build();
        }

        @Override
        public void importState(descent.api.Snapshot state) {
            copy = state.array("copy").dup();
        }
    }
}
