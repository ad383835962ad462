package descent.optimizers.targetprop;

import static descent.optimizers.targetprop.Fixtures.dataset;
import static descent.optimizers.targetprop.Fixtures.mlp;
import static descent.optimizers.targetprop.Fixtures.trainAccuracy;
import static descent.optimizers.targetprop.Fixtures.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.api.Snapshot;
import descent.api.data.Dataset;
import descent.api.model.DenseLayer;
import descent.api.model.Model;
import descent.api.optim.EpochPlan;
import descent.api.train.Batch;
import descent.engine.EpochMetrics;
import descent.engine.Training;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.schedule.Schedules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class TargetPropTrainerTests {

    private static final List<String> IDS = List.of("tp-online", "tp-batch", "tp-linesearch", "dtp", "dtp-thesis");

    @Test
    void tpOnlineReachesFullTrainingAccuracyOnSoybeanWithin300Epochs() {
        Dataset data = dataset("soybean-small", 1, Map.of());
        Model model = mlp(data, "100,100", 1);
        Fixtures.FirstPerfectEpoch first = new Fixtures.FirstPerfectEpoch(model, data);
        List<EpochMetrics> metrics = Fixtures.train(model, data, "tp-online", trainer("tp-online", Map.of()), 300, 8, 0.1, 1, first);

        assertThat(data.train().size()).isEqualTo(40);
        assertThat(metrics).allSatisfy(m -> assertThat(m.batchSize()).isEqualTo(40));
        assertThat(first.epoch).isBetween(1, 300);
        assertThat(trainAccuracy(model, data)).isEqualTo(1.0);
    }

    @Test
    void tpBatchBeatsChanceByAWideMarginOnAFashionMnistSubsetInThreeEpochs() {
        assumeTrue(Files.isDirectory(Fixtures.FASHION), "Fashion-MNIST is not installed in " + Fixtures.FASHION
                + " (apt-get install dataset-fashion-mnist); skipping");
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "5000", "test-limit", "2000"));
        Model model = mlp(data, "500,500,500", 1);
        List<EpochMetrics> metrics = Fixtures.train(model, data, "tp-batch", trainer("tp-batch", Map.of()), 3, 500, 0.1, 1);

        // Ten balanced classes: chance is 10 %.
        assertThat(metrics.get(2).testAccuracy()).isGreaterThan(0.35);
        assertThat(metrics.get(2).trainLoss()).isLessThan(metrics.get(0).trainLoss());
    }

    @Test
    void trainedInverseReconstructsItsLayersInputFarBetterThanChance() {
        Dataset data = dataset("soybean-small", 2, Map.of());
        Model model = mlp(data, "100,100", 2);
        TargetPropTrainer t = (TargetPropTrainer) trainer("tp-online", Map.of("rate-mode", "unit"));
        t.initialize(model, 2);
        INDArray x = data.train().features();
        double before = reconstructionError(t, model, x);
        for (int s = 0; s < 150; s++) {
            t.beforeEpoch(new EpochPlan(s, 150, 0.1, 40));
            t.train(new Batch(x, data.train().labels()));
        }
        INDArray h1 = hidden(model, x, 1);
        double variance = h1.var(false, 0).sumNumber().doubleValue();
        double after = reconstructionError(t, model, x);

        // Predicting every h1 by its mean costs the total variance; the inverse does far better.
        assertThat(after).isLessThan(0.35 * variance);
        assertThat(after).isLessThan(before);
    }

    /** Mean over examples of ‖g_1(f_2(h_1)) − h_1‖², without noise. */
    private static double reconstructionError(TargetPropTrainer t, Model model, INDArray x) {
        INDArray h1 = hidden(model, x, 1);
        INDArray h2 = hidden(model, x, 2);
        double e = t.inverse(0, h2).sub(h1).norm2Number().doubleValue();
        return e * e / x.size(0);
    }

    private static INDArray hidden(Model model, INDArray x, int upTo) {
        INDArray h = x;
        for (int i = 0; i < upTo; i++) {
            DenseLayer l = model.denseLayers().get(i);
            h = Transforms.relu(h.mmul(l.weights()).addiRowVector(l.bias()), false);
        }
        return h;
    }

    @Test
    void outputLayerUpdateIsParallelToTheBackpropGradientAndHiddenAnglesAreReported() {
        // The output layer's local gradient is 2·eta times the gradient of the mean cross-entropy,
        // so a one-rate step on it points exactly downhill: its angle is 0 up to rounding.
        Dataset data = dataset("soybean-small", 3, Map.of());
        Model model = mlp(data, "20,20", 3);
        List<EpochMetrics> metrics = Fixtures.train(model, data, "tp-online", trainer("tp-online", Map.of()), 3, 40, 0.1, 3);
        for (EpochMetrics m : metrics) {
            assertThat(m.diagnostics().get("layer3_angle")).isCloseTo(0.0, within(0.05));
            assertThat(m.diagnostics().get("layer1_angle")).isBetween(0.0, 180.0);
            assertThat(m.diagnostics().get("layer1_active")).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theAngleDiagnosticIsSampledAndChangesNothingElse() {
        // Batch 8 on 40 rows: 5 steps an epoch. angle-every 0 skips the backward pass altogether,
        // 3 takes it on steps 1 and 4; the weights must not depend on it.
        Dataset data = dataset("soybean-small", 2, Map.of());
        Model never = mlp(data, "16,16", 2);
        Model sampled = mlp(data, "16,16", 2);
        List<EpochMetrics> a = Fixtures.train(never, data, "tp-batch", trainer("tp-batch", Map.of("angle-every", "0")), 4, 8, 0.1, 2);
        List<EpochMetrics> b = Fixtures.train(sampled, data, "tp-batch", trainer("tp-batch", Map.of("angle-every", "3")), 4, 8, 0.1, 2);

        assertThat(a).allSatisfy(m -> assertThat(m.diagnostics().get("layer1_angle")).isNaN());
        assertThat(b).allSatisfy(m -> assertThat(m.diagnostics().get("layer1_angle")).isBetween(0.0, 180.0));
        for (int i = 0; i < never.denseLayers().size(); i++) {
            assertThat(never.denseLayers().get(i).weights()).isEqualTo(sampled.denseLayers().get(i).weights());
        }
        assertThat(a.get(3).trainLoss()).isEqualTo(b.get(3).trainLoss());
    }

    @Test
    void exportedStateGivesAnIdenticalNextStep() {
        Dataset data = dataset("soybean-small", 4, Map.of());
        INDArray x = data.train().features().get(NDArrayIndex.interval(0, 20), NDArrayIndex.all());
        INDArray y = data.train().labels().get(NDArrayIndex.interval(0, 20), NDArrayIndex.all());
        for (String id : IDS) {
            Model a = mlp(data, "16,16", 4);
            var ta = trainer(id, Map.of());
            ta.initialize(a, 9);
            ta.beforeEpoch(new EpochPlan(0, 2, 0.05, 20));
            for (int s = 0; s < 3; s++) {
                ta.train(new Batch(x, y));
            }
            Snapshot state = ta.exportState();
            INDArray params = a.parameters().dup();

            Model b = mlp(data, "16,16", 77);
            b.parameters().assign(params);
            var tb = trainer(id, Map.of());
            tb.initialize(b, 9);
            tb.importState(state);
            tb.beforeEpoch(new EpochPlan(1, 2, 0.05, 20));
            ta.beforeEpoch(new EpochPlan(1, 2, 0.05, 20));

            double la = ta.train(new Batch(x, y));
            double lb = tb.train(new Batch(x, y));
            assertThat(lb).as(id).isEqualTo(la);
            assertThat(b.parameters()).as(id).isEqualTo(a.parameters());
            assertThat(tb.epochDiagnostics()).as(id).isEqualTo(ta.epochDiagnostics());
        }
    }

    @Test
    void engineRunsEveryTrainerEndToEndAndResumesExactly(@TempDir Path dir) {
        for (String id : IDS) {
            List<EpochMetrics> straight = run(id, dir.resolve(id + "-a.zip"), 3, null);
            run(id, dir.resolve(id + "-b.zip"), 1, null);
            List<EpochMetrics> resumed = run(id, dir.resolve(id + "-b.zip"), 3, CheckpointFile.read(dir.resolve(id + "-b.zip")));

            assertThat(straight).hasSize(3);
            assertThat(straight).allSatisfy(m -> {
                assertThat(m.trainLoss()).isFinite();
                assertThat(m.diagnostics().keySet()).isEqualTo(straight.get(0).diagnostics().keySet())
                        .contains("layer1_lr", "layer1_active", "layer1_inverse_loss", "layer1_angle", "layer3_lr", "layer3_angle");
            });
            assertThat(resumed).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(resumed.get(i).trainLoss()).as(id).isEqualTo(straight.get(i + 1).trainLoss());
                assertThat(resumed.get(i).testLoss()).as(id).isEqualTo(straight.get(i + 1).testLoss());
                assertThat(resumed.get(i).diagnostics()).as(id).isEqualTo(straight.get(i + 1).diagnostics());
            }
        }
    }

    private static List<EpochMetrics> run(String id, Path checkpoint, int epochs, descent.engine.checkpoint.Checkpoint from) {
        Dataset data = dataset("soybean-small", 5, Map.of());
        Model model = mlp(data, "24,24", 5);
        Training training = Training.builder().model(model).data(data).trainer(id, trainer(id, Map.of()))
                .schedule(Schedules.parse("constant", 0.05, epochs)).epochs(epochs).batchSize(10).seed(5)
                .checkpointFile(checkpoint).build();
        return from == null ? training.run() : training.resume(from);
    }

    @Test
    void onlineAndLineSearchAskForTheWholeTrainingSetAndTheOthersKeepTheBatchSize() {
        for (String id : IDS) {
            Dataset data = dataset("soybean-small", 1, Map.of());
            var t = trainer(id, Map.of());
            t.initialize(mlp(data, "8", 1), 1);
            EpochPlan plan = new EpochPlan(0, 1, 0.1, 16);
            t.beforeEpoch(plan);
            assertThat(plan.batchSize()).as(id).isEqualTo(id.equals("tp-online") || id.equals("tp-linesearch") ? Integer.MAX_VALUE : 16);
        }
    }
}
