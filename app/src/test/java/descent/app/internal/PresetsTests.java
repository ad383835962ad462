package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.engine.OptimizerSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped presets of seed 000's chapter 7, and the preset format's checks. */
class PresetsTests {

    @Test
    void theIndexListsExactlyThePresetFilesInTheFolder() throws IOException {
        Path folder = Path.of("src/main/resources/descent/app/presets");
        List<String> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).sorted().toList();
        }
        assertThat(Presets.names()).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theChapterSevenPresetsCarryTheThesisSettings() {
        Presets.Preset batch = Presets.load("batch-mlp");
        assertThat(batch.inits()).isEqualTo(20);
        assertThat(batch.headline()).isEqualTo("test_loss");
        assertThat(batch.baseline()).isEqualTo("constant-batch");
        assertThat(batch.common()).containsEntry("lr", "0.1").containsEntry("batch-size", "64").containsEntry("epochs", "50")
                .containsEntry("model", "mlp").containsEntry("hidden", "64,32");
        assertThat(batch.arms()).extracting(Presets.Arm::options).containsExactly(
                Map.of("optimizer", "adaptive-batch-sgd", "batch-schedule", "20:1024,30:2048,40:4096"), Map.of("optimizer", "sgd"));

        Presets.Preset batchCnn = Presets.load("batch-cnn");
        assertThat(batchCnn.inits()).isEqualTo(1);
        assertThat(batchCnn.common()).containsEntry("model", "lenet").containsEntry("epochs", "18");
        assertThat(batchCnn.arms().get(0).options()).containsEntry("batch-schedule", "8:1024,12:2048,15:4096");

        Presets.Preset momentum = Presets.load("momentum-mlp");
        assertThat(momentum.common()).containsEntry("schedule", "multistep:20=0.01,35=0.001").containsEntry("lr", "0.1");
        assertThat(momentum.arms()).extracting(a -> a.options().get("optimizer")).containsExactly("adaptive-momentum", "heavy-ball");
        assertThat(momentum.arms()).allSatisfy(a -> assertThat(a.options()).containsEntry("beta", "0.9"));
        assertThat(momentum.baseline()).isEqualTo("fixed-momentum");

        Presets.Preset momentumCnn = Presets.load("momentum-cnn");
        assertThat(momentumCnn.common()).containsEntry("clip-norm", "5").containsEntry("model", "lenet");
        assertThat(momentumCnn.arms()).allSatisfy(a -> assertThat(a.options()).containsEntry("beta", "0.5"));

        Presets.Preset adams = Presets.load("adams-mlp");
        assertThat(adams.common()).containsEntry("lr", "0.01").containsEntry("batch-size", "128").containsEntry("epochs", "50");
        assertThat(adams.arms()).extracting(a -> a.options().get("optimizer")).containsExactly("sgd,adams-pece@20", "sgd");
        assertThat(adams.baseline()).isEqualTo("sgd");
        assertThat(Presets.load("soybean").baseline()).as("the first arm, by default").isNull();
    }

    @Test
    void everyTargetPropagationArmOfAShippedPresetHasItsFrozenHiddenControl() {
        // issue 13: every comparison shows what the hidden layers add, by the same arm with them frozen
        int checked = 0;
        for (String name : Presets.names()) {
            List<Presets.Arm> arms = Presets.load(name).arms();
            List<Map<String, String>> all = arms.stream().map(Presets.Arm::options).toList();
            for (Presets.Arm arm : arms) {
                if (arm.options().containsKey("trainer") && !"true".equals(arm.options().get("freeze-hidden"))) {
                    // With the hidden layers frozen only what steps the output layer matters (the trainer, its rate,
                    // the literal line search): one control serves the arms that differ in hidden-layer options alone
                    // (rate-mode, first-target, the inverses').
                    assertThat(all).as("preset %s: the control of arm %s", name, arm.label()).anySatisfy(o -> {
                        assertThat(o).containsEntry("freeze-hidden", "true");
                        for (String key : List.of("trainer", "lr", "tp-literal-linesearch")) {
                            assertThat(o.get(key)).as(key).isEqualTo(arm.options().get(key));
                        }
                    });
                    checked++;
                }
            }
        }
        assertThat(checked).as("trainer arms in the shipped presets").isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyShippedPresetUsesOnlyKnownOptionsAndWellFormedOptimizers() {
        for (String name : Presets.names()) {
            Presets.Preset p = Presets.load(name);
            assertThat(p.description()).as(name).isNotBlank();
            for (Presets.Arm arm : p.arms()) {
                if (arm.options().containsKey("trainer")) {
                    assertThat(arm.options().get("trainer")).as(name).matches("[a-z][a-z0-9-]*");
                    continue;
                }
                OptimizerSpec spec = OptimizerSpec.parse(arm.options().get("optimizer"));
                spec.checkFits(Integer.parseInt(p.common().get("epochs")));
            }
            p.common().keySet().forEach(k -> assertThat(RunOptions.isOption(k) || List.of("hidden").contains(k)).as(name + ": " + k).isTrue());
        }
    }

    @Test
    void rejectsMalformedPresetsNamingTheKey() {
        assertThatThrownBy(() -> parse("lr = 0.1\n")).isInstanceOf(DescentException.class).hasMessageContaining("has no 'arms'");
        assertThatThrownBy(() -> parse("arms = a\narm.b.optimizer = sgd\narm.a.optimizer = sgd\n"))
                .isInstanceOf(DescentException.class).hasMessageContaining("'arm.b.optimizer' names no arm");
        assertThatThrownBy(() -> parse("arms = a\n")).isInstanceOf(DescentException.class)
                .hasMessageContaining("arm 'a' has no optimizer");
        assertThatThrownBy(() -> parse("arms = a, a\narm.a.optimizer = sgd\n")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> parse("arms = a\narm.a.optimizer = sgd\narm.a.seed = 4\n")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'arm.a.seed'");
        assertThatThrownBy(() -> parse("arms = a\narm.a.optimizer = sgd\nout = x\n")).isInstanceOf(DescentException.class)
                .hasMessageContaining("'out' cannot be set in a preset");
        assertThatThrownBy(() -> parse("arms = a\narm.a.optimizer = sgd\ninits = 0\n")).isInstanceOf(DescentException.class)
                .hasMessageContaining("inits must be an integer >= 1, got '0'");
    }

    private static Presets.Preset parse(String text) throws IOException {
        return Presets.parse("t", "preset 't'", new StringReader(text));
    }
}
