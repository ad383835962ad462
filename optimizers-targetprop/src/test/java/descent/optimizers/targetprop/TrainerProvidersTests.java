package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
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
        p.create(Hyperparameters.of("trainer '" + id + "'", p.hyperparameters(), values));
    }

    @Test
    void serviceLoaderFindsTheFourTrainers() {
        assertThat(loaded()).containsOnlyKeys("tp-online", "tp-batch", "tp-linesearch", "dtp");
        for (TrainerProvider p : loaded().values()) {
            assertThat(p.description()).as(p.id()).isNotBlank();
            assertThat(p.hyperparameters()).extracting(h -> h.name()).as(p.id()).startsWith("eta", "sigma", "inverse-steps");
            create(p.id(), Map.of());
        }
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
                .hasMessageContaining("hyperparameter 'rate-mode' of trainer 'tp-online' must be layer or unit, got rows");
        assertThatThrownBy(() -> create("dtp", Map.of("eta", "0"))).hasMessageContaining("'eta'");
        assertThatThrownBy(() -> create("dtp", Map.of("inverse-lr", "-1"))).hasMessageContaining("'inverse-lr'");
        assertThatThrownBy(() -> create("tp-linesearch", Map.of("initial-rate", "0"))).hasMessageContaining("'initial-rate'");
        assertThatThrownBy(() -> create("tp-linesearch", Map.of("max-halvings", "0"))).hasMessageContaining("'max-halvings'");
        assertThatThrownBy(() -> create("tp-batch", Map.of("angle-every", "-1"))).hasMessageContaining("'angle-every'");
    }

    @Test
    void settingsBuiltInCodeAreCheckedTheSameWay() {
        assertThatThrownBy(() -> new Settings("tp-online", LocalStep.Rule.OPTIMAL_LAYER, LocalStep.Rule.OPTIMAL_LAYER, true,
                1, 0, 1, Double.NaN, 0, Double.NaN, 1))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessage("hyperparameter 'sigma' of trainer 'tp-online' must be > 0, got 0");
        assertThatThrownBy(() -> new Settings("tp-online", LocalStep.Rule.OPTIMAL_LAYER, LocalStep.Rule.OPTIMAL_LAYER, true,
                1, 0.1, 0, Double.NaN, 0, Double.NaN, 1))
                .hasMessage("hyperparameter 'inverse-steps' of trainer 'tp-online' must be >= 1, got 0");
    }
}
