package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTests {

    @TempDir
    Path temp;

    @Test
    void findsBuiltInProvidersOfEveryKindRegisteredInMetaInfServices() {
        Registry registry = Registry.builder().build();

        assertThat(registry.optimizer(FixtureProviders.OPTIMIZER_ID)).isInstanceOf(FixtureProviders.Gd.class);
        assertThat(registry.trainer(FixtureProviders.TRAINER_ID)).isInstanceOf(FixtureProviders.Tp.class);
        assertThat(registry.model(FixtureProviders.MODEL_ID)).isInstanceOf(FixtureProviders.Mlp.class);
        assertThat(registry.dataset(FixtureProviders.DATASET_ID)).isInstanceOf(FixtureProviders.Rings.class);
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void recordsTheOriginOfABuiltInProvider() {
        Origin origin = Registry.builder().build().origin(ProviderKind.OPTIMIZER, FixtureProviders.OPTIMIZER_ID).orElseThrow();

        assertThat(origin.kind()).isSameAs(ProviderKind.OPTIMIZER);
        assertThat(origin.className()).isEqualTo(FixtureProviders.Gd.class.getName());
        assertThat(origin.location()).isEqualTo("built in");
        assertThat(origin.isPlugin()).isFalse();
        // The tests run on the class path, so the provider is in the unnamed module.
        assertThat(origin.module()).isEmpty();
        assertThat(origin.describe()).isEqualTo("class " + FixtureProviders.Gd.class.getName() + " on the class path (built in)");
    }

    @Test
    void findsTheSameProviderInstanceEveryTime() {
        Registry registry = Registry.builder().build();

        assertThat(registry.optimizer(FixtureProviders.OPTIMIZER_ID))
                .isSameAs(registry.providers(ProviderKind.OPTIMIZER).get(FixtureProviders.OPTIMIZER_ID))
                .isSameAs(registry.discovered(ProviderKind.OPTIMIZER).stream()
                        .filter(d -> d.origin().id().equals(FixtureProviders.OPTIMIZER_ID)).findFirst().orElseThrow().provider());
    }

    @Test
    void unknownIdListsTheKnownIdsAndSuggestsTheClosest() {
        Registry registry = registryOf("sgd", "adam", "rk4", "adams-pece");

        assertThatThrownBy(() -> registry.optimizer("adms"))
                .isInstanceOf(DescentException.class)
                .hasMessage("unknown optimizer 'adms'; known: adam, adams-pece, rk4, sgd (did you mean 'adams-pece'?)");
    }

    @Test
    void unknownIdWithNothingCloseListsTheKnownIdsOnly() {
        Registry registry = registryOf("sgd", "adam");

        assertThatThrownBy(() -> registry.optimizer("lbfgs"))
                .isInstanceOf(DescentException.class)
                .hasMessage("unknown optimizer 'lbfgs'; known: adam, sgd");
    }

    @Test
    void unknownIdOfAKindWithNoProviderSaysNoneIsInstalled() {
        Registry registry = registryOf("sgd");

        assertThatThrownBy(() -> registry.trainer("target-prop"))
                .isInstanceOf(DescentException.class)
                .hasMessageStartingWith("unknown trainer 'target-prop'; no trainer is installed");
    }

    @Test
    void twoBuiltInsWithOneIdAreFatalAndNameBothClasses() throws IOException {
        Path jar = PluginJars.in(temp)
                .optimizer("twin.First", "twin-builtin", "")
                .optimizer("twin.Second", "twin-builtin", "")
                .build(temp.resolve("lib"), "twins.jar");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> Registry.builder().builtInLoader(loader).build())
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("two built-in optimizers have the id 'twin-builtin'")
                    .hasMessageContaining("class twin.First on the class path")
                    .hasMessageContaining("class twin.Second on the class path");
        }
    }

    @Test
    void aBuiltInWhoseConstructorThrowsIsFatal() throws IOException {
        Path jar = PluginJars.in(temp)
                .optimizer("broken.Builtin", "broken-builtin", "throw new IllegalStateException(\"missing table\");")
                .build(temp.resolve("lib"), "broken.jar");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> Registry.builder().builtInLoader(loader).build())
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("built-in optimizer provider 'broken.Builtin' failed in its constructor:"
                            + " IllegalStateException: missing table");
        }
    }

    @Test
    void aMissingPluginFolderGivenOnTheCommandLineIsAnError() {
        Path missing = temp.resolve("no-such-folder");

        assertThatThrownBy(() -> Registry.builder().pluginDirectory(missing).build())
                .isInstanceOf(DescentException.class)
                .hasMessage("plugin folder '" + missing + "' does not exist or is not a folder; check the path given to --plugins");
    }

    @Test
    void aMissingDefaultPluginFolderIsSkipped() {
        Registry registry = Registry.builder().pluginDirectoryIfPresent(temp.resolve("plugins")).build();

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.providers(ProviderKind.OPTIMIZER)).containsKey(FixtureProviders.OPTIMIZER_ID);
    }

    private static Registry registryOf(String... optimizerIds) {
        List<Discovered<?>> providers = new ArrayList<>();
        for (String id : optimizerIds) {
            providers.add(new Discovered<>(new Named(id), new Origin(ProviderKind.OPTIMIZER, id, Named.class.getName(),
                    Optional.empty(), Optional.empty(), Optional.empty())));
        }
        return new Registry(providers, List.of());
    }

    /** An optimizer provider that only has an id. */
    private record Named(String id) implements OptimizerProvider {
        @Override
        public Optimizer create(Hyperparameters hyperparameters) {
            throw new UnsupportedOperationException("lookup fixture");
        }
    }
}
