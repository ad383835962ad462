package descent.engine;

import static descent.engine.TrainingFixtures.dataset;
import static descent.engine.TrainingFixtures.mlp;
import static descent.engine.TrainingFixtures.optimizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.api.optim.Optimizer;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.internal.optim.SwitchingOptimizer;
import descent.engine.plugins.Registry;
import descent.engine.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --optimizer sgd,adam@2}: parsing, bad specs, and the switch run against its two halves. */
class OptimizerSpecTests {

    private static final int EPOCHS = 4;
    private static final int SWITCH = 2;

    @Test
    void parsesAPlainIdAndASwitchWithEpochsFromZero() {
        OptimizerSpec plain = OptimizerSpec.parse("adam");
        assertThat(plain.switches()).isFalse();
        assertThat(plain.phases()).containsExactly(new OptimizerSpec.Phase("adam", 0));

        OptimizerSpec spec = OptimizerSpec.parse(" sgd, adams-pece@20 ,adam@35");
        assertThat(spec.switches()).isTrue();
        assertThat(spec.phases()).containsExactly(new OptimizerSpec.Phase("sgd", 0), new OptimizerSpec.Phase("adams-pece", 20),
                new OptimizerSpec.Phase("adam", 35));
        assertThat(spec.text()).isEqualTo("sgd,adams-pece@20,adam@35");
        assertThat(spec.label()).isEqualTo("sgd+adams-pece@20+adam@35");
        assertThat(OptimizerSpec.parse("sgd@0,adam@3").text()).isEqualTo("sgd,adam@3");
    }

    @Test
    void rejectsMalformedSpecsNamingTheValue() {
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,adam@x")).isInstanceOf(DescentException.class)
                .hasMessageContaining("malformed --optimizer 'sgd,adam@x'").hasMessageContaining("'adam@x'");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,,adam@2")).isInstanceOf(DescentException.class)
                .hasMessageContaining("entry ''");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,adam")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'adam' needs the epoch it takes over at");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd@3,adam@5")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'sgd@3' cannot start later");
        assertThatThrownBy(() -> OptimizerSpec.parse("")).isInstanceOf(DescentException.class)
                .hasMessageContaining("--optimizer is empty");
    }

    @Test
    void rejectsSwitchEpochsThatDoNotIncrease() {
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,adam@20,momentum@20")).isInstanceOf(DescentException.class)
                .hasMessageContaining("switch epochs must increase").hasMessageContaining("'momentum@20'");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,adam@0")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'adam@0' starts at epoch 0, not after epoch 0");
    }

    @Test
    void rejectsASwitchPastTheRun() {
        OptimizerSpec spec = OptimizerSpec.parse("sgd,adam@50");
        spec.checkFits(51);
        assertThatThrownBy(() -> spec.checkFits(50)).isInstanceOf(DescentException.class)
                .hasMessageContaining("'adam@50' starts at epoch 50 but the run has epochs 0 to 49");
    }

    @Test
    void rejectsAnUnknownOptimizerWithTheKnownListAndASuggestion() {
        Registry registry = Registry.builder().build();
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd,adm@3").resolve(registry)).isInstanceOf(DescentException.class)
                .hasMessageContaining("unknown optimizer 'adm' in --optimizer 'sgd,adm@3'")
                .hasMessageContaining("known: ").hasMessageContaining("sgd")
                .hasMessageContaining("(did you mean 'adam'?)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(OptimizerSpec.parse("sgd,adam@3,sgd@5").resolve(registry)).extracting(p -> p.id())
                .containsExactly("sgd", "adam");
    }

    @Test
    void epochsBeforeTheSwitchEqualTheFirstOptimizerAloneAndThoseAfterTheSecondStartedFresh(@TempDir Path dir) {
        List<EpochMetrics> switched = run("sgd,adam@" + SWITCH, null, EPOCHS).metrics;

        // The first optimizer alone, up to the switch.
        Run first = run("sgd", dir.resolve("first.zip"), SWITCH);
        assertSameMetrics(switched.subList(0, SWITCH), first.metrics);

        // Then a fresh Adam from the parameters, schedule and counters SGD left, epochs SWITCH on.
        Checkpoint sgdEnd = CheckpointFile.read(dir.resolve("first.zip"));
        Optimizer freshAdam = optimizer("adam", Map.of());
        freshAdam.initialize(sgdEnd.parameters().length());
        Checkpoint handOver = new Checkpoint("optimizer:adam", sgdEnd.epoch(), 0, sgdEnd.iteration(), sgdEnd.gradientEvaluations(),
                sgdEnd.parameters(), freshAdam.exportState(), sgdEnd.scheduleState());
        Setup second = setup("adam", null, EPOCHS);
        List<EpochMetrics> rest = second.training.resume(handOver);
        assertSameMetrics(switched.subList(SWITCH, EPOCHS), rest);

        // And the switch changed something: SGD throughout ends elsewhere.
        List<EpochMetrics> sgdThroughout = run("sgd", null, EPOCHS).metrics;
        assertThat(sgdThroughout.get(EPOCHS - 1).trainLoss()).isNotEqualTo(switched.get(EPOCHS - 1).trainLoss());
    }

    @Test
    void resumesExactlyFromACheckpointBeforeAndAfterTheSwitch(@TempDir Path dir) {
        List<EpochMetrics> straight = run("sgd,adam@" + SWITCH, null, EPOCHS).metrics;
        for (int stop : new int[] {1, SWITCH, SWITCH + 1}) {
            Path file = dir.resolve("stop" + stop + ".zip");
            run("sgd,adam@" + SWITCH, file, stop);
            Checkpoint checkpoint = CheckpointFile.read(file);
            List<EpochMetrics> resumed = setup("sgd,adam@" + SWITCH, file, EPOCHS).training.resume(checkpoint);
            assertSameMetrics(straight.subList(stop, EPOCHS), resumed);
        }
    }

    @Test
    void keepsTheEarlierPhaseInTheSnapshotAndCountsStepsFromTheSwitch() {
        Setup s = setup("momentum,adam@1", null, 2);
        s.training.run();
        Snapshot state = s.optimizer.exportState();
        assertThat(state.arrays().keySet()).anyMatch(k -> k.startsWith("phase0.momentum."))
                .anyMatch(k -> k.startsWith("phase1.adam."));
        assertThat(state.number("switch.started.1")).isEqualTo(1.0);
        // 200 samples in batches of 20: 10 steps per epoch, so Adam's first step was run step 10 ...
        assertThat(state.number("switch.first-iteration.1")).isEqualTo(10.0);
        // ... and Adam counted its own 10 steps from there.
        assertThat(state.number("phase1.adam.steps")).isEqualTo(10.0);

        Setup early = setup("momentum,adam@1", null, 1);
        early.training.run();
        Snapshot before = early.optimizer.exportState();
        assertThat(before.number("switch.started.1")).isEqualTo(0.0);
        assertThat(before.arrays().keySet()).noneMatch(k -> k.startsWith("phase1."));
    }

    private record Setup(Training training, Optimizer optimizer) {
    }

    private record Run(List<EpochMetrics> metrics) {
    }

    private static Setup setup(String specText, Path checkpoint, int epochs) {
        Dataset data = dataset("rings", 4, Map.of("samples", "200", "test-samples", "100"));
        Model model = mlp(data, "12", 4);
        OptimizerSpec spec = OptimizerSpec.parse(specText);
        Optimizer optimizer = spec.create(id -> optimizer(id, Map.of()));
        if (spec.switches()) {
            assertThat(optimizer).isInstanceOf(SwitchingOptimizer.class);
        }
        Training t = Training.builder().model(model).data(data).optimizer(spec.text(), optimizer)
                .schedule(Schedules.parse("multistep:3=0.01", 0.05, EPOCHS))
                .epochs(epochs).batchSize(20).seed(9).checkpointFile(checkpoint).build();
        return new Setup(t, optimizer);
    }

    private static Run run(String spec, Path checkpoint, int epochs) {
        return new Run(setup(spec, checkpoint, epochs).training.run());
    }

    private static void assertSameMetrics(List<EpochMetrics> expected, List<EpochMetrics> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        List<List<Object>> a = new ArrayList<>();
        List<List<Object>> b = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            a.add(values(expected.get(i)));
            b.add(values(actual.get(i)));
        }
        assertThat(b).isEqualTo(a);
    }

    private static List<Object> values(EpochMetrics m) {
        return List.of(m.epoch(), m.trainLoss(), m.testLoss(), m.testAccuracy(), m.learningRate(), m.batchSize(), m.gradientEvaluations());
    }
}
