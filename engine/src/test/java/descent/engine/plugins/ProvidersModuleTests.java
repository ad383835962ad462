package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import descent.api.DescentException;
import descent.api.data.DatasetProvider;
import descent.api.model.ModelProvider;
import descent.api.optim.OptimizerProvider;
import descent.api.train.TrainerProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersModuleTests {

    @TempDir
    Path temp;

    @Test
    void exposesBuiltInAndPluginProvidersByIdAsInjectableMaps() throws IOException {
        PluginJars.in(temp).optimizer("demo.Shout", "shout", "").build(temp.resolve("plugins"), "shout.jar");
        Registry registry = Registry.builder().pluginDirectory(temp.resolve("plugins")).build();

        Injector injector = Guice.createInjector(new ProvidersModule(registry));

        Map<String, OptimizerProvider> optimizers = injector.getInstance(Key.get(new TypeLiteral<Map<String, OptimizerProvider>>() { }));
        assertThat(optimizers).containsKeys("shout", FixtureProviders.OPTIMIZER_ID);
        assertThat(optimizers.get("shout")).isSameAs(registry.optimizer("shout"));
        assertThat(optimizers.get(FixtureProviders.OPTIMIZER_ID)).isSameAs(registry.optimizer(FixtureProviders.OPTIMIZER_ID));
        assertThat(optimizers).isEqualTo(registry.providers(ProviderKind.OPTIMIZER));
    }

    @Test
    void exposesEveryKind() {
        Registry registry = Registry.builder().build();

        Injector injector = Guice.createInjector(new ProvidersModule(registry));

        assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, TrainerProvider>>() { })))
                .isEqualTo(registry.providers(ProviderKind.TRAINER)).containsKey(FixtureProviders.TRAINER_ID);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, ModelProvider>>() { })))
                .isEqualTo(registry.providers(ProviderKind.MODEL)).containsKey(FixtureProviders.MODEL_ID);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, DatasetProvider>>() { })))
                .isEqualTo(registry.providers(ProviderKind.DATASET)).containsKey(FixtureProviders.DATASET_ID);
    }

    @Test
    void bindsTheRegistryWhoseLookupNamesTheKnownIds() {
        Registry registry = Registry.builder().build();

        Registry injected = Guice.createInjector(new ProvidersModule(registry)).getInstance(Registry.class);

        assertThat(injected).isSameAs(registry);
        assertThatThrownBy(() -> injected.optimizer("fixture-dg"))
                .isInstanceOf(DescentException.class)
                .hasMessageStartingWith("unknown optimizer 'fixture-dg'; known: ")
                .hasMessageContaining(FixtureProviders.OPTIMIZER_ID)
                .hasMessageEndingWith("(did you mean '" + FixtureProviders.OPTIMIZER_ID + "'?)");
    }
}
