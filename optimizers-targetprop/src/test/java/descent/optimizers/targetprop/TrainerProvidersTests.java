package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.train.Trainer;
import descent.api.train.TrainerProvider;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainerProvidersTests {

    private static Map<String, TrainerProvider> loaded() {
        return ServiceLoader.load(TrainerProvider.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(TrainerProvider::id, Function.identity()));
    }

    private static void create(String id, Map<String, String> values) {
        TrainerProvider p = loaded().get(id);
        p.create(Hyperparameters.of("trainer '" + id + "'", p.hyperparameters(), values), Fixtures.OPTIMIZERS);
    }

    @Test
    void serviceLoaderFindsTheFiveTrainers() {
        assertThat(loaded()).containsOnlyKeys("tp-online", "tp-batch", "tp-linesearch", "dtp", "dtp-thesis");
        for (TrainerProvider p : loaded().values()) {
            assertThat(p.description()).as(p.id()).isNotBlank();
            assertThat(p.hyperparameters()).extracting(h -> h.name()).as(p.id())
                    .contains("sigma", "sigma-per-layer", "inverse-steps", "inverse-steps-per-layer", "angle-every", "freeze-hidden");
            create(p.id(), Map.of());
        }
        assertThat(loaded().get("dtp").description()).contains("Lee et al. 2015", "no g_L", "rmsprop-centered");
        assertThat(loaded().get("dtp-thesis").description()).contains("thesis \u00a72.3.1", "not Lee et al.");
        assertThat(loaded().get("tp-linesearch").description()).contains("tp-literal-linesearch=true as printed", "accepted at <=",
                "exact line search");
        for (String id : List.of("tp-online", "tp-batch", "tp-linesearch")) {
            assertThat(loaded().get(id).description()).as(id).contains("seed 001", "output layer on the cross-entropy");
        }
    }

    @Test
    void dtpDefaultsAreLeeEtAlsReleasedValues() {
        Map<String, String> d = Hyperparameters.defaults("trainer 'dtp'", loaded().get("dtp").hyperparameters()).asMap();
        assertThat(d).containsEntry("target-step", "0.327736332653").containsEntry("sigma", "0.359829566008")
                .containsEntry("inverse-lr", "0.00501149118237").containsEntry("forward-optimizer", "rmsprop-centered")
                .containsEntry("inverse-optimizer", "rmsprop-centered").containsEntry("inverse-init", "orthogonal");
    }

    @Test
    void anUnknownOptimizerOfDtpIsOneLineNamingTheHyperparameter() {
        TrainerProvider p = loaded().get("dtp");
        Trainer t = p.create(Hyperparameters.of("trainer 'dtp'", p.hyperparameters(), Map.of("forward-optimizer", "rmsprp")),
                Fixtures.OPTIMIZERS);
        descent.api.data.Dataset data = Fixtures.dataset("soybean-small", 1, Map.of());
        assertThatThrownBy(() -> t.initialize(Fixtures.mlp(data, "8,8", 1), 1))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageStartingWith("hyperparameter 'forward-optimizer' of trainer 'dtp' 'rmsprp': unknown optimizer 'rmsprp'")
                .hasMessageContaining("rmsprop").hasMessageNotContaining("\n");
        Trainer bad = p.create(Hyperparameters.of("trainer 'dtp'", p.hyperparameters(), Map.of("inverse-optimizer", "adam:beta9=1")),
                Fixtures.OPTIMIZERS);
        assertThatThrownBy(() -> bad.initialize(Fixtures.mlp(data, "8,8", 1), 1))
                .hasMessageContaining("hyperparameter 'inverse-optimizer' of trainer 'dtp' 'adam:beta9=1': unknown hyperparameter 'beta9'");
    }

    @Test
    void perLayerListsMustHaveOneValuePerInverse() {
        descent.api.data.Dataset data = Fixtures.dataset("soybean-small", 1, Map.of());
        Trainer t = Fixtures.trainer("dtp", Map.of("sigma-per-layer", "0.1,0.2"));
        // 35-8-8-8-4 under dtp: inverses of layers 2 and 3 (none of the output layer).
        t.initialize(Fixtures.mlp(data, "8,8,8", 1), 1);
        Trainer three = Fixtures.trainer("dtp", Map.of("sigma-per-layer", "0.1,0.2,0.3"));
        assertThatThrownBy(() -> three.initialize(Fixtures.mlp(data, "8,8,8", 1), 1))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessage("hyperparameter 'sigma-per-layer' of trainer 'dtp' has 3 values but this network has 2 inverses"
                        + " (one per hidden layer above the first), got '0.1,0.2,0.3'");
        Trainer tp = Fixtures.trainer("tp-batch", Map.of("inverse-steps-per-layer", "1,x,2"));
        assertThatThrownBy(() -> tp.initialize(Fixtures.mlp(data, "8,8,8", 1), 1))
                .hasMessageContaining("'inverse-steps-per-layer' of trainer 'tp-batch' must be whole numbers >= 1, got '1,x,2'");
    }

    @Test
    void thesisRatesRefuseTanhLayersInOneLine() {
        descent.api.data.Dataset data = Fixtures.dataset("soybean-small", 1, Map.of());
        Trainer t = Fixtures.trainer("tp-batch", Map.of());
        assertThatThrownBy(() -> t.initialize(Fixtures.mlp(data, Map.of("hidden", "8,8", "activation", "tanh"), 1), 1))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("trainer 'tp-batch' computes its rates for ReLU layers (seed 001)")
                .hasMessageContaining("use --activation relu");
        Fixtures.trainer("dtp", Map.of()).initialize(Fixtures.mlp(data, Map.of("hidden", "8,8", "activation", "tanh"), 1), 1);
    }

    @Test
    void moduleInfoProvidesExactlyTheClassesListedInMetaInfServicesAndExportsNothing() throws Exception {
        Path classes = Path.of(TpOnlineProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        List<String> services = Files.readAllLines(classes.resolve("META-INF/services/" + TrainerProvider.class.getName()),
                StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertThat(descriptor.name()).isEqualTo("descent.optimizers.targetprop");
        assertThat(descriptor.exports()).isEmpty();
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(TrainerProvider.class.getName());
            assertThat(p.providers()).containsExactlyInAnyOrderElementsOf(services);
        });
    }

    @Test
    void nonPositiveSigmaIsRejectedNamingTheField() {
        for (String sigma : List.of("0", "-0.5")) {
            assertThatThrownBy(() -> create("tp-online", Map.of("sigma", sigma)))
                    .isExactlyInstanceOf(DescentException.class)
                    .hasMessageContaining("hyperparameter 'sigma' of trainer 'tp-online' must be > 0, got " + sigma);
        }
    }

    @Test
    void fewerThanOneInverseStepIsRejectedNamingTheField() {
        assertThatThrownBy(() -> create("tp-batch", Map.of("inverse-steps", "0")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("hyperparameter 'inverse-steps' of trainer 'tp-batch' must be >= 1, got 0");
    }

    @Test
    void otherBadValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> create("tp-online", Map.of("rate-mode", "rows")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("hyperparameter 'rate-mode' of trainer 'tp-online' must be layer, unit or exact, got rows");
        assertThatThrownBy(() -> create("dtp-thesis", Map.of("eta", "0"))).hasMessageContaining("'eta'");
        assertThatThrownBy(() -> create("dtp", Map.of("target-step", "0"))).hasMessageContaining("'target-step'");
        assertThatThrownBy(() -> create("dtp", Map.of("inverse-init", "xavier"))).hasMessageContaining("'inverse-init'");
        assertThatThrownBy(() -> create("tp-batch", Map.of("first-target", "top"))).hasMessageContaining("'first-target'");
        assertThatThrownBy(() -> create("dtp", Map.of("inverse-lr", "-1"))).hasMessageContaining("'inverse-lr'");
        assertThatThrownBy(() -> create("tp-linesearch", Map.of("initial-rate", "0"))).hasMessageContaining("'initial-rate'");
        assertThatThrownBy(() -> create("tp-linesearch", Map.of("max-halvings", "0"))).hasMessageContaining("'max-halvings'");
        assertThatThrownBy(() -> create("tp-batch", Map.of("angle-every", "-1"))).hasMessageContaining("'angle-every'");
    }

    @Test
    void settingsBuiltInCodeAreCheckedTheSameWay() {
        assertThatThrownBy(() -> settings(0, 1, Settings.OutputRule.CROSS_ENTROPY_EXACT, Settings.FirstTarget.OUTPUT))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessage("hyperparameter 'sigma' of trainer 'tp-online' must be > 0, got 0");
        assertThatThrownBy(() -> settings(0.1, 0, Settings.OutputRule.CROSS_ENTROPY_EXACT, Settings.FirstTarget.OUTPUT))
                .hasMessage("hyperparameter 'inverse-steps' of trainer 'tp-online' must be >= 1, got 0");
        assertThatThrownBy(() -> settings(0.1, 1, Settings.OutputRule.LOCAL, Settings.FirstTarget.LAST_HIDDEN))
                .hasMessage("trainer 'tp-online': an output layer trained towards its own target needs first-target=output");
    }

    private static Settings settings(double sigma, int inverseSteps, Settings.OutputRule output, Settings.FirstTarget first) {
        return new Settings("tp-online", LocalStep.Rule.OPTIMAL_LAYER, LocalStep.Rule.OPTIMAL_LAYER, output, first, true, 1, false,
                sigma, "", inverseSteps, "", Double.NaN, 0, Double.NaN, "", "", 1, false, false);
    }
}
