package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.optim.OptimizerProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars built by the test, loaded through {@link Registry.Builder} on the class path. */
class PluginLoaderTests {

    @TempDir
    Path temp;

    private Path plugins() {
        return temp.resolve("plugins");
    }

    private Registry discover() {
        return Registry.builder().pluginDirectory(plugins()).build();
    }

    private Path shoutJar() throws IOException {
        return PluginJars.in(temp).optimizer("demo.Shout", "shout", "").build(plugins(), "shout-optimizer-1.2.0.jar");
    }

    @Test
    void loadsAnAutomaticModulePluginFromItsOwnLayer() throws IOException {
        Path jar = shoutJar();

        Registry registry = discover();

        OptimizerProvider shout = registry.optimizer("shout");
        assertThat(shout.getClass().getName()).isEqualTo("demo.Shout");
        Module module = shout.getClass().getModule();
        assertThat(module.isNamed()).isTrue();
        assertThat(module.getDescriptor().isAutomatic()).isTrue();
        assertThat(module.getLayer()).isNotNull().isNotSameAs(ModuleLayer.boot());
        assertThat(module.getLayer().parents()).containsExactly(ModuleLayer.boot());
        assertThat(shout.getClass().getClassLoader().getParent()).isSameAs(Registry.class.getClassLoader());
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void recordsTheJarModuleAndVersionOfAPluginProvider() throws IOException {
        Path jar = shoutJar();

        Origin origin = discover().origin(ProviderKind.OPTIMIZER, "shout").orElseThrow();

        assertThat(origin.location()).isEqualTo(jar.toString());
        assertThat(origin.jar()).contains(jar);
        assertThat(origin.isPlugin()).isTrue();
        assertThat(origin.module()).contains("shout.optimizer");
        assertThat(origin.version()).contains("1.2.0");
        assertThat(origin.describe()).isEqualTo("class demo.Shout in module 'shout.optimizer' 1.2.0 (" + jar + ")");
    }

    @Test
    void loadsProvidersOfAllFourKindsFromOneJar() throws IOException {
        PluginJars.in(temp)
                .optimizer("kit.Opt", "kit-opt", "")
                .trainer("kit.Train", "kit-train")
                .model("kit.Net", "kit-net")
                .dataset("kit.Data", "kit-data")
                .build(plugins(), "kit.jar");

        Registry registry = discover();

        assertThat(registry.optimizer("kit-opt").getClass().getName()).isEqualTo("kit.Opt");
        assertThat(registry.trainer("kit-train").getClass().getName()).isEqualTo("kit.Train");
        assertThat(registry.model("kit-net").getClass().getName()).isEqualTo("kit.Net");
        assertThat(registry.dataset("kit-data").getClass().getName()).isEqualTo("kit.Data");
        assertThat(registry.dataset(FixtureProviders.DATASET_ID)).isInstanceOf(FixtureProviders.Rings.class);
    }

    @Test
    void reportsAFileThatIsNotAJarInOneLineAndStillLoadsTheOthers() throws IOException {
        shoutJar();
        Path junk = PluginJars.randomBytes(plugins(), "x.jar", 42);

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(junk);
            assertThat(p.message()).startsWith("plugin '" + junk + "' is not a jar file").doesNotContain("\n");
        });
        assertThat(registry.optimizer("shout").getClass().getName()).isEqualTo("demo.Shout");
    }

    @Test
    void reportsAProviderWhoseConstructorThrowsAndKeepsTheOtherProvidersOfTheJar() throws IOException {
        Path jar = PluginJars.in(temp)
                .optimizer("demo.Boom", "boom", "throw new IllegalStateException(\"no GPU here\");")
                .optimizer("demo.Calm", "calm", "")
                .build(plugins(), "mixed.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).isEqualTo("plugin '" + jar + "': optimizer provider 'demo.Boom' failed in its constructor:"
                    + " IllegalStateException: no GPU here; fix or remove the plugin");
        });
        assertThat(registry.providers(ProviderKind.OPTIMIZER)).containsKey("calm").doesNotContainKey("boom");
    }

    @Test
    void reportsAPluginThatClaimsTheIdOfABuiltInAndKeepsTheBuiltIn() throws IOException {
        Path jar = PluginJars.in(temp).optimizer("demo.Impostor", FixtureProviders.OPTIMIZER_ID, "").build(plugins(), "impostor.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).startsWith("plugin '" + jar + "' provides optimizer '" + FixtureProviders.OPTIMIZER_ID
                    + "', which is built in").contains("demo.Impostor").endsWith("give it another id");
        });
        assertThat(registry.optimizer(FixtureProviders.OPTIMIZER_ID)).isInstanceOf(FixtureProviders.Gd.class);
    }

    @Test
    void reportsTwoPluginsWithOneIdNamingBothJarsAndUsesNeither() throws IOException {
        Path first = PluginJars.in(temp).optimizer("one.Twin", "twin", "").build(plugins(), "twin-one.jar");
        Path second = PluginJars.in(temp).optimizer("two.Twin", "twin", "").build(plugins(), "twin-two.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(second);
            assertThat(p.message()).startsWith("optimizer 'twin' is provided by 2 plugins")
                    .contains("class one.Twin in module 'twin.one' (" + first + ")")
                    .contains("class two.Twin in module 'twin.two' (" + second + ")")
                    .endsWith("none of them is used; remove all but one of the jars");
        });
        assertThatThrownBy(() -> registry.optimizer("twin")).hasMessageStartingWith("unknown optimizer 'twin'");
    }

    @Test
    void reportsANamedModulePluginThatRequiresAMissingModule() throws IOException {
        Path stub = PluginJars.in(temp)
                .source("module-info", "module no.such.module { exports nosuch; }")
                .source("nosuch.Thing", "package nosuch; public class Thing { }")
                .compile();
        Path jar = PluginJars.in(temp)
                .modulePath(stub)
                .source("module-info", "module needy.plugin { requires no.such.module; }")
                .source("needy.Needy", "package needy; public class Needy { nosuch.Thing thing; }")
                .build(plugins(), "needy.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).isEqualTo("plugin '" + jar + "' (module 'needy.plugin') requires module 'no.such.module',"
                    + " which the application does not contain; install a plugin built for this version of descent or remove it");
        });
    }

    @Test
    void reportsAJarWithABrokenModuleDescriptor() throws IOException {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        Path jar = PluginJars.in(temp).raw("module-info.class", garbage).build(plugins(), "garbled.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).startsWith("plugin '" + jar + "' is not a valid module: InvalidModuleDescriptorException");
        });
    }

    @Test
    void reportsAServicesFileThatNamesAClassMissingFromTheJarAndLoadsTheNextOne() throws IOException {
        Path jar = PluginJars.in(temp)
                .service("descent.api.optim.OptimizerProvider", "demo.Ghost")
                .optimizer("demo.Real", "real", "")
                .build(plugins(), "ghost.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).isEqualTo("plugin '" + jar + "' has a broken optimizer provider: Provider demo.Ghost not found;"
                    + " fix or remove the plugin");
        });
        assertThat(registry.optimizer("real").getClass().getName()).isEqualTo("demo.Real");
    }

    @Test
    void reportsAServicesFileThatNamesAClassInAPackageMissingFromTheJar() throws IOException {
        Path jar = PluginJars.in(temp)
                .optimizer("demo.Real", "real", "")
                .service("descent.api.optim.OptimizerProvider", "elsewhere.Ghost")
                .build(plugins(), "ghost.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).startsWith("plugin '" + jar + "' is not a valid module:").contains("elsewhere.Ghost");
        });
    }

    @Test
    void reportsAProviderWithoutAPublicNoArgumentConstructor() throws IOException {
        Path jar = PluginJars.in(temp)
                .source("demo.Picky", "package demo; public class Picky implements descent.api.optim.OptimizerProvider {"
                        + " public Picky(int size) { }"
                        + " public String id() { return \"picky\"; }"
                        + " public descent.api.optim.Optimizer create(descent.api.Hyperparameters h) { return null; } }")
                .service("descent.api.optim.OptimizerProvider", "demo.Picky")
                .build(plugins(), "picky.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo(jar);
            assertThat(p.message()).startsWith("plugin '" + jar + "' has a broken optimizer provider:").contains("demo.Picky")
                    .endsWith("; fix or remove the plugin");
        });
    }

    @Test
    void reportsAJarThatProvidesNothing() throws IOException {
        Path jar = PluginJars.in(temp).source("lib.Helper", "package lib; public class Helper { }").build(plugins(), "helper.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("plugin '" + jar + "' (module 'helper') provides no optimizer, trainer, model or data set;"
                        + " declare one with 'provides' in module-info.java or in META-INF/services"));
    }

    @Test
    void reportsAnIdWithWhitespace() throws IOException {
        Path jar = PluginJars.in(temp).optimizer("demo.Spacey", "my optimizer", "").build(plugins(), "spacey.jar");

        Registry registry = discover();

        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("plugin '" + jar + "': optimizer provider 'demo.Spacey' has the invalid id 'my optimizer';"
                        + " an id is lower-case words joined by '-'; fix or remove the plugin"));
    }

    @Test
    void strictModeMakesTheFirstProblemFatal() throws IOException {
        shoutJar();
        Path junk = PluginJars.randomBytes(plugins(), "x.jar", 42);

        assertThatThrownBy(() -> Registry.builder().pluginDirectory(plugins()).strict(true).build())
                .isInstanceOf(DescentException.class)
                .hasMessageStartingWith("plugin '" + junk + "' is not a jar file");
    }

    @Test
    void strictModeAcceptsGoodPlugins() throws IOException {
        shoutJar();

        Registry registry = Registry.builder().pluginDirectory(plugins()).strict(true).build();

        assertThat(registry.optimizer("shout").getClass().getName()).isEqualTo("demo.Shout");
    }

    @Test
    void searchesOnlyJarsDirectlyInsideThePluginFolders() throws IOException {
        shoutJar();
        Files.writeString(plugins().resolve("README.txt"), "not a plugin", StandardCharsets.UTF_8);
        PluginJars.in(temp).optimizer("deep.Hidden", "hidden", "").build(plugins().resolve("nested"), "hidden.jar");
        Path other = temp.resolve("more-plugins");
        PluginJars.in(temp).optimizer("more.Extra", "extra", "").build(other, "extra.jar");

        Registry registry = Registry.builder().pluginDirectory(plugins()).pluginDirectoryIfPresent(other).build();

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.providers(ProviderKind.OPTIMIZER)).containsKeys("shout", "extra").doesNotContainKey("hidden");
    }

    @Test
    void aFolderGivenTwiceIsSearchedOnce() throws IOException {
        shoutJar();

        Registry registry = Registry.builder()
                .pluginDirectoryIfPresent(plugins())
                .pluginDirectory(temp.resolve(".").resolve("plugins"))
                .build();

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.optimizer("shout").getClass().getName()).isEqualTo("demo.Shout");
    }

    @Test
    void eachPluginGetsItsOwnLayerAndClassLoader() throws IOException {
        shoutJar();
        PluginJars.in(temp).optimizer("demo.Whisper", "whisper", "").build(plugins(), "whisper.jar");

        Registry registry = discover();

        Class<?> shout = registry.optimizer("shout").getClass();
        Class<?> whisper = registry.optimizer("whisper").getClass();
        assertThat(shout.getModule().getLayer()).isNotSameAs(whisper.getModule().getLayer());
        assertThat(shout.getClassLoader()).isNotSameAs(whisper.getClassLoader());
    }
}
