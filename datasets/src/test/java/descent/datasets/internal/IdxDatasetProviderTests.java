package descent.datasets.internal;

import static descent.datasets.idx.IdxFiles.gzip;
import static descent.datasets.idx.IdxFiles.images;
import static descent.datasets.idx.IdxFiles.labels;
import static descent.datasets.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.datasets.idx.IdxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetProviderTests {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    static DatasetRequest request(DatasetProvider provider, Path directory, Map<String, String> hp) {
        return new DatasetRequest(Optional.ofNullable(directory),
                Hyperparameters.of("data set '" + provider.id() + "'", provider.hyperparameters(), hp), 42);
    }

    /** Four small IDX files in the MNIST layout: 6 training and 4 test images, some gzipped, some plain. */
    private void writeTinySet() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(6, 28, 28)));
        write(dir, "train-labels-idx1-ubyte", labels(5, 0, 4, 1, 9, 2));
        write(dir, "t10k-images-idx3-ubyte", images(4, 28, 28));
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels(7, 2, 1, 0)));
    }

    @Test
    void mnistWithoutADirectorySaysThatItNeedsOne() {
        MnistProvider mnist = new MnistProvider();

        assertThat(mnist.defaultDirectory()).isEmpty();
        assertThatThrownBy(() -> mnist.load(request(mnist, null, Map.of())))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("data set 'mnist' needs a directory")
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("--data-dir")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void mnistInADirectoryWithOnlyTheTestSplitNamesTheMissingTrainingFiles() {
        write(dir, "t10k-images-idx3-ubyte.gz", gzip(images(4, 28, 28)));
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels(7, 2, 1, 0)));
        MnistProvider mnist = new MnistProvider();

        assertThatThrownBy(() -> mnist.load(request(mnist, dir, Map.of())))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("'train-images-idx3-ubyte.gz' (or 'train-images-idx3-ubyte')")
                .hasMessageContaining("'train-labels-idx1-ubyte.gz'")
                .hasMessageContaining("not found in '" + dir + "'")
                .hasMessageNotContaining("t10k")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void fashionMnistInAMissingDirectorySaysHowToInstallIt() {
        Path nowhere = dir.resolve("nowhere");
        FashionMnistProvider fashion = new FashionMnistProvider();

        assertThatThrownBy(() -> fashion.load(request(fashion, nowhere, Map.of())))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("data directory '" + nowhere + "'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void loadsGzippedAndPlainFilesIntoOneHotSplitsInNaturalUnits() {
        writeTinySet();
        MnistProvider mnist = new MnistProvider();

        Dataset data = mnist.load(request(mnist, dir, Map.of()));

        assertThat(data.id()).isEqualTo("mnist");
        assertThat(data.featureShape()).containsExactly(1, 28, 28);
        assertThat(data.naturalRange()).containsExactly(0, 255);
        assertThat(data.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(data.train().features().shape()).containsExactly(6, 784);
        assertThat(data.train().labels().shape()).containsExactly(6, 10);
        assertThat(data.test().features().shape()).containsExactly(4, 784);
        assertThat(data.train().classIndices()).containsExactly(5, 0, 4, 1, 9, 2);
        assertThat(data.test().classIndices()).containsExactly(7, 2, 1, 0);
        assertThat(data.train().labels().sumNumber().doubleValue()).isEqualTo(6.0);
        assertThat(data.train().features().getDouble(3, 5 * 28 + 17)).isEqualTo(IdxFiles.pixel(3, 5, 17));
        assertThat(data.test().features().getDouble(2, 27 * 28 + 27)).isEqualTo(IdxFiles.pixel(2, 27, 27));
    }

    @Test
    void limitsTakeTheFirstExamplesOfEachSplit() {
        writeTinySet();
        MnistProvider mnist = new MnistProvider();

        Dataset data = mnist.load(request(mnist, dir, Map.of("train-limit", "3", "test-limit", "1")));

        assertThat(data.train().size()).isEqualTo(3);
        assertThat(data.test().size()).isEqualTo(1);
        assertThat(data.train().classIndices()).containsExactly(5, 0, 4);
        assertThat(data.train().features().getDouble(2, 100)).isEqualTo(IdxFiles.pixel(2, 100 / 28, 100 % 28));
    }

    @Test
    void rejectsANegativeLimitNamingTheField() {
        MnistProvider mnist = new MnistProvider();

        assertThatThrownBy(() -> request(mnist, dir, Map.of("train-limit", "-1")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("'train-limit'");
    }

    @Test
    void reportsSplitsWhoseImageAndLabelCountsDisagree() {
        writeTinySet();
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels(7, 2, 1)));
        MnistProvider mnist = new MnistProvider();

        assertThatThrownBy(() -> mnist.load(request(mnist, dir, Map.of())))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte' holds 4 images")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz' holds 3 labels");
    }

    @Test
    void reportsImagesOfTheWrongSizeNamingTheFile() {
        writeTinySet();
        write(dir, "t10k-images-idx3-ubyte", images(4, 32, 32));
        MnistProvider mnist = new MnistProvider();

        assertThatThrownBy(() -> mnist.load(request(mnist, dir, Map.of())))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte'")
                .hasMessageContaining("expected 28x28");
    }

    @Test
    void loadsTheInstalledFashionMnistWithLimits() {
        assumeTrue(Files.isDirectory(FASHION),
                "Fashion-MNIST not installed at " + FASHION + "; 'apt-get install dataset-fashion-mnist' to run this test");
        FashionMnistProvider fashion = new FashionMnistProvider();

        Dataset data = fashion.load(request(fashion, null, Map.of("train-limit", "2000", "test-limit", "10000")));

        assertThat(fashion.defaultDirectory()).contains(FASHION);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.classNames()).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(data.train().features().shape()).containsExactly(2000, 784);
        assertThat(data.test().features().shape()).containsExactly(10_000, 784);
        int[] counts = new int[10];
        for (int c : data.test().classIndices()) {
            counts[c]++;
        }
        assertThat(counts).containsOnly(1_000);
        assertThat(data.train().features().maxNumber().doubleValue()).isEqualTo(255.0);
        assertThat(data.train().features().minNumber().doubleValue()).isEqualTo(0.0);
    }
}
