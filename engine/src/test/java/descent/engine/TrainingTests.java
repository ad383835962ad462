package descent.engine;

import static descent.engine.TrainingFixtures.dataset;
import static descent.engine.TrainingFixtures.mlp;
import static descent.engine.TrainingFixtures.optimizer;
import static descent.engine.TrainingFixtures.trainAccuracy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingTests {

    private static Training.Builder sgdRun(Model model, Dataset data, double lr, int epochs, int batch) {
        return Training.builder().model(model).data(data)
                .optimizer("sgd", optimizer("sgd", Map.of()))
                .schedule(Schedules.parse("constant", lr, epochs))
                .epochs(epochs).batchSize(batch).seed(7);
    }

    @Test
    void mlpTrainedWithSgdLearnsXor() {
        Dataset data = dataset("xor", 3, Map.of());
        Model model = mlp(data, "16", 3);
        sgdRun(model, data, 0.1, 20, 16).build().run();
        assertThat(trainAccuracy(model, data)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void mlpTrainedWithSgdLearnsConcentricRings() {
        Dataset data = dataset("rings", 3, Map.of());
        Model model = mlp(data, "32,32", 3);
        List<EpochMetrics> metrics = sgdRun(model, data, 0.1, 40, 16).build().run();
        assertThat(trainAccuracy(model, data)).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.get(metrics.size() - 1).testAccuracy()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        List<List<Double>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Dataset data = dataset("rings", 5, Map.of("samples", "400"));
            Model model = mlp(data, "16,16", 5);
            List<EpochMetrics> m = Training.builder().model(model).data(data)
                    .optimizer("momentum", optimizer("momentum", Map.of()))
                    .schedule(Schedules.parse("constant", 0.05, 3)).epochs(3).batchSize(32).seed(11).build().run();
            List<Double> values = new ArrayList<>();
            m.forEach(e -> values.addAll(List.of(e.trainLoss(), e.testLoss(), e.testAccuracy(), (double) e.gradientEvaluations())));
            runs.add(values);
        }
        assertThat(runs.get(0)).containsExactlyElementsOf(runs.get(1));
    }

    @Test
    void resumedRunEndsWithTheMetricsOfAnUninterruptedOne(@TempDir Path dir) {
        List<EpochMetrics> straight = momentumRun(dir.resolve("a/checkpoint.zip"), 3).run();

        momentumRun(dir.resolve("b/checkpoint.zip"), 1).run();
        var checkpoint = CheckpointFile.read(dir.resolve("b/checkpoint.zip"));
        assertThat(checkpoint.epoch()).isEqualTo(1);
        List<EpochMetrics> resumed = momentumRun(dir.resolve("b/checkpoint.zip"), 3).resume(checkpoint);

        assertThat(resumed).hasSize(2);
        for (int i = 0; i < 2; i++) {
            EpochMetrics a = straight.get(i + 1);
            EpochMetrics b = resumed.get(i);
            assertThat(b.epoch()).isEqualTo(a.epoch());
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.testLoss()).isEqualTo(a.testLoss());
            assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
            assertThat(b.learningRate()).isEqualTo(a.learningRate());
            assertThat(b.gradientEvaluations()).isEqualTo(a.gradientEvaluations());
        }
    }

    @Test
    void aStopInsideAnEpochCheckpointsThereAndTheResumeIsExact(@TempDir Path dir) {
        List<EpochMetrics> straight = momentumRun(dir.resolve("a/checkpoint.zip"), 3).run();
        INDArray expected = lastModel.parameters().dup();

        // 300 samples, batch 25: 12 steps an epoch; stop after step 17 (epoch 2, step 5), with
        // checkpoints every 4 steps besides
        long[] steps = {0};
        Training stopped = momentumBuilder(dir.resolve("b/checkpoint.zip"), 3).checkpointEvery(4, 0)
                .listener(new TrainingListener() {
                    @Override
                    public void batchDone(int batch, double loss) {
                        steps[0]++;
                    }
                }).stopWhen(() -> steps[0] == 17).build();
        assertThatThrownBy(stopped::run).isInstanceOfSatisfying(StoppedException.class, e -> {
            assertThat(e.epoch()).isEqualTo(2);
            assertThat(e.step()).isEqualTo(5);
        });
        var checkpoint = CheckpointFile.read(dir.resolve("b/checkpoint.zip"));
        assertThat(checkpoint.epoch()).isEqualTo(1);
        assertThat(checkpoint.position()).isEqualTo(5);
        assertThat(checkpoint.iteration()).isEqualTo(17);
        assertThat(checkpoint.epochLoss()).isPositive();

        List<EpochMetrics> resumed = momentumRun(dir.resolve("b/checkpoint.zip"), 3).resume(checkpoint);
        assertThat(resumed).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(resumed.get(i).trainLoss()).as("train loss of epoch %d", i + 2).isEqualTo(straight.get(i + 1).trainLoss());
            assertThat(resumed.get(i).testLoss()).isEqualTo(straight.get(i + 1).testLoss());
            assertThat(resumed.get(i).learningRate()).isEqualTo(straight.get(i + 1).learningRate());
        }
        assertThat(lastModel.parameters().equals(expected)).isTrue();

        // a checkpoint taken by --checkpoint-every inside an epoch resumes exactly too
        momentumBuilder(dir.resolve("c/checkpoint.zip"), 3).checkpointEvery(5, 0).stopWhen(() -> false).build().run();
        var midway = momentumBuilder(dir.resolve("d/checkpoint.zip"), 2).checkpointEvery(10, 0).build();
        midway.run();
        var atTen = CheckpointFile.read(dir.resolve("d/checkpoint.zip"));
        assertThat(atTen.epoch()).as("the last checkpoint of a finished run is its end").isEqualTo(2);
    }

    private static Training.Builder validated(Path dir, int epochs, int patience, double delta) {
        Dataset data = dataset("spirals", 2, Map.of("samples", "400"));
        Validation.Holdout h = Validation.holdOut(data.train(), 40, 2);
        Dataset rest = data.withSplits(h.train(), data.test());
        Model model = mlp(rest, "16,16", 2);
        lastModel = model;
        Training.Builder b = Training.builder().model(model).data(rest)
                .optimizer("sgd", optimizer("sgd", Map.of()))
                .schedule(Schedules.parse("constant", 0.05, epochs))
                .epochs(epochs).batchSize(25).seed(3).checkpointFile(dir.resolve("checkpoint.zip"))
                .validation(h.validation(), dir.resolve("best.zip"));
        return patience > 0 ? b.earlyStop(patience, delta) : b;
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsAndKeepsTheBestEpochInBestZip(@TempDir Path dir) {
        List<EpochMetrics> all = validated(dir.resolve("all"), 12, 0, 0).build().run();
        assertThat(all).hasSize(12).allSatisfy(m -> assertThat(m.validationLoss()).isFinite());
        // with min_delta 0.05 the patience counter restarts only on a clear improvement
        int expectedStop = -1;
        double reference = Double.POSITIVE_INFINITY;
        int bad = 0;
        for (EpochMetrics m : all) {
            if (m.validationLoss() < reference - 0.05) {
                reference = m.validationLoss();
                bad = 0;
            } else if (++bad >= 2) {
                expectedStop = m.epoch();
                break;
            }
        }
        assertThat(expectedStop).as("the run has a plateau for the check to find").isBetween(2, 11);
        Training stopping = validated(dir.resolve("stop"), 12, 2, 0.05).build();
        List<EpochMetrics> stopped = stopping.run();
        assertThat(stopped).hasSize(expectedStop);
        assertThat(stopping.stoppedEarly()).isTrue();
        int best = 1;
        for (EpochMetrics m : stopped) {
            if (m.validationLoss() < stopped.get(best - 1).validationLoss()) {
                best = m.epoch();
            }
        }
        assertThat(stopping.bestEpoch()).isEqualTo(best);
        var bestZip = CheckpointFile.read(dir.resolve("stop/best.zip"));
        assertThat(bestZip.epoch()).isEqualTo(best);
        for (int i = 0; i < stopped.size(); i++) {
            assertThat(stopped.get(i).validationLoss()).isEqualTo(all.get(i).validationLoss());
        }

        // resumed halfway, the run stops at the same epoch: the patience count is in the checkpoint
        validated(dir.resolve("half"), expectedStop - 1, 2, 0.05).build().run();
        var half = CheckpointFile.read(dir.resolve("half/checkpoint.zip"));
        Training resumed = validated(dir.resolve("half"), 12, 2, 0.05).build();
        assertThat(resumed.resume(half)).hasSize(1);
        assertThat(resumed.stoppedEarly()).isTrue();
        var end = CheckpointFile.read(dir.resolve("half/checkpoint.zip"));
        assertThatThrownBy(() -> validated(dir.resolve("half"), 12, 2, 0.05).build().resume(end))
                .isInstanceOf(DescentException.class).hasMessageContaining("stopped early at epoch " + expectedStop);
    }

    @Test
    void earlyStoppingNeedsAValidationSplit() {
        Dataset data = dataset("xor", 1, Map.of("samples", "40"));
        assertThatThrownBy(() -> sgdRun(mlp(data, "8", 1), data, 0.1, 2, 10).earlyStop(2, 0).build())
                .isInstanceOf(DescentException.class).hasMessage("--early-stop watches the validation loss; add --validation FRACTION or N");
    }

    @Test
    void aTrainerCannotCheckpointInsideAnEpoch() {
        Dataset data = dataset("xor", 1, Map.of("samples", "40"));
        Model model = mlp(data, "8", 1);
        assertThatThrownBy(() -> Training.builder().model(model).data(data).trainer("t", new descent.api.train.Trainer() {
            @Override
            public void initialize(Model m, long seed) {
            }

            @Override
            public double train(descent.api.train.Batch batch) {
                return 0;
            }

            @Override
            public Snapshot exportState() {
                return Snapshot.EMPTY;
            }

            @Override
            public void importState(Snapshot state) {
            }
        }).schedule(Schedules.parse("constant", 0.1, 1)).checkpointEvery(3, 0).build())
                .isInstanceOf(DescentException.class).hasMessageContaining("--checkpoint-every applies to optimizers; trainer 't'");
    }

    private static Model lastModel;

    private static Training momentumRun(Path checkpoint, int epochs) {
        return momentumBuilder(checkpoint, epochs).build();
    }

    private static Training.Builder momentumBuilder(Path checkpoint, int epochs) {
        Dataset data = dataset("spirals", 2, Map.of("samples", "300"));
        Model model = mlp(data, "16,16", 2);
        lastModel = model;
        return Training.builder().model(model).data(data)
                .optimizer("momentum", optimizer("momentum", Map.of("momentum", "0.9")))
                .schedule(Schedules.parse("plateau:factor=0.5,patience=1", 0.05, 3))
                .epochs(epochs).batchSize(25).seed(3).checkpointFile(checkpoint);
    }

    @Test
    void onlyTheOptimizerMovesTheParameters() {
        Dataset data = dataset("xor", 1, Map.of("samples", "200"));
        Model model = mlp(data, "8", 1);
        INDArray before = model.parameters().dup();
        Training.builder().model(model).data(data).optimizer("still", new Still())
                .schedule(Schedules.parse("constant", 0.1, 2)).epochs(2).batchSize(20).build().run();
        assertThat(model.parameters().equals(before)).isTrue();
    }

    @Test
    void oracleEvaluatesElsewhereOnTheSameBatchAndRestoresTheParameters() {
        Dataset data = dataset("xor", 1, Map.of("samples", "200"));
        Model model = mlp(data, "8", 1);
        ProbingOptimizer probe = new ProbingOptimizer(model);
        List<EpochMetrics> m = Training.builder().model(model).data(data).optimizer("probe", probe)
                .schedule(Schedules.parse("constant", 0.1, 1)).epochs(1).batchSize(50).build().run();
        assertThat(probe.checked).isEqualTo(4);
        // one evaluation per step by the engine, two more by the oracle
        assertThat(m.get(0).gradientEvaluations()).isEqualTo(4 * 3);
    }

    @Test
    void divergenceStopsWithOneLineAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        Dataset data = dataset("xor", 1, Map.of("samples", "200"));
        Model model = mlp(data, "8", 1);
        Path checkpoint = dir.resolve("checkpoint.zip");
        Training t = Training.builder().model(model).data(data).optimizer("sgd", optimizer("sgd", Map.of()))
                .schedule(Schedules.parse("multistep:1=1e30", 0.1, 3)).epochs(3).batchSize(20)
                .checkpointFile(checkpoint).build();
        assertThatThrownBy(t::run).isInstanceOf(DescentException.class)
                .hasMessageContaining("diverged at epoch 2")
                .hasMessageContaining("checkpoint of epoch 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(CheckpointFile.read(checkpoint).epoch()).isEqualTo(1);
    }

    /** An optimizer that never moves anything. */
    static final class Still implements Optimizer {
        @Override
        public void initialize(long n) {
        }

        @Override
        public void step(Step step) {
        }

        @Override
        public Snapshot exportState() {
            return Snapshot.EMPTY;
        }

        @Override
        public void importState(Snapshot s) {
        }
    }

    /** Checks the oracle against direct evaluations of the model, then takes an SGD step. */
    static final class ProbingOptimizer implements Optimizer {
        private final Model model;
        int checked;

        ProbingOptimizer(Model model) {
            this.model = model;
        }

        @Override
        public void initialize(long n) {
        }

        @Override
        public void step(Step step) {
            INDArray theta = step.parameters();
            INDArray before = theta.dup();
            INDArray g0 = step.gradient().dup();
            GradientOracle.Evaluation here = step.oracle().evaluate(theta);
            assertThat(here.gradient().equals(g0)).isTrue();
            assertThat(here.loss()).isEqualTo(step.loss());

            INDArray elsewhere = theta.dup().addi(0.01);
            GradientOracle.Evaluation there = step.oracle().evaluate(elsewhere);
            assertThat(theta.equals(before)).as("parameters restored").isTrue();
            assertThat(there.gradient().equals(g0)).isFalse();
            assertThat(there.loss()).isNotEqualTo(step.loss());
            checked++;
            theta.subi(g0.reshape(theta.shape()).muli(step.learningRate()));
        }

        @Override
        public Snapshot exportState() {
            return Snapshot.EMPTY;
        }

        @Override
        public void importState(Snapshot s) {
        }
    }
}
