package descent.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import descent.api.Hyperparameters;
import descent.api.data.DatasetProvider;
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

class ProviderRegistrationTests {

    private static Map<String, DatasetProvider> loaded() {
        return ServiceLoader.load(DatasetProvider.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(DatasetProvider::id, Function.identity()));
    }

    @Test
    void serviceLoaderFindsEveryDataSetById() {
        assertThat(loaded()).containsOnlyKeys("fashion-mnist", "mnist", "xor", "rings", "spirals", "soybean-small", "cifar10");
    }

    @Test
    void moduleInfoProvidesExactlyTheClassesListedInMetaInfServices() throws Exception {
        // The compiled module descriptor and the services file of this module's own output, not
        // whichever module-info.class comes first on the class path.
        Path classes = Path.of(FashionMnistProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        List<String> services = Files.readAllLines(
                        classes.resolve("META-INF/services/" + DatasetProvider.class.getName()), StandardCharsets.UTF_8)
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(descriptor.name()).isEqualTo("descent.datasets");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("descent.datasets.idx");
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(DatasetProvider.class.getName());
            assertThat(p.providers()).containsExactlyInAnyOrderElementsOf(services);
        });
    }

    @Test
    void everyProviderDescribesItselfAndAcceptsItsOwnDefaults() {
        for (DatasetProvider p : loaded().values()) {
            assertThat(p.id()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(p.description()).as(p.id()).isNotBlank();
            assertThat(Hyperparameters.defaults("data set '" + p.id() + "'", p.hyperparameters()).asMap())
                    .as(p.id()).isNotEmpty();
        }
    }

    @Test
    void idxDataSetsListTheirFourFilesAndLimits() {
        Map<String, DatasetProvider> all = loaded();
        for (String id : List.of("fashion-mnist", "mnist")) {
            DatasetProvider p = all.get(id);
            assertThat(p.requiredFiles()).containsExactly("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
            assertThat(p.hyperparameters()).extracting(h -> h.name()).containsExactly("train-limit", "test-limit");
        }
        assertThat(all.get("fashion-mnist").defaultDirectory())
                .contains(Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(all.get("mnist").defaultDirectory()).isEmpty();
        for (String id : List.of("xor", "rings", "spirals")) {
            assertThat(all.get(id).requiredFiles()).isEmpty();
            assertThat(all.get(id).defaultDirectory()).isEmpty();
        }
    }
}
