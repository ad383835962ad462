package descent.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ProviderTests {

    private static final Cifar10Provider CIFAR = new Cifar10Provider();

    @TempDir
    Path dir;

    /** Pixel p of the record with global index r: distinct per record and position, below 256. */
    private static int pixel(int r, int p) {
        return (r * 17 + p * 5) % 256;
    }

    /** A file of records {@code first, first+1, ...} with the given labels, in the binary layout. */
    private static byte[] records(int first, int... labels) {
        byte[] b = new byte[labels.length * Cifar10Provider.RECORD];
        for (int i = 0; i < labels.length; i++) {
            int at = i * Cifar10Provider.RECORD;
            b[at] = (byte) labels[i];
            for (int p = 0; p < Cifar10Provider.PIXELS; p++) {
                b[at + 1 + p] = (byte) pixel(first + i, p);
            }
        }
        return b;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Five training files of 2 records each (labels 0..9 in order) and a test file of 3. */
    private void writeTinySet(Path in) {
        for (int f = 0; f < 5; f++) {
            write(in.resolve("data_batch_" + (f + 1) + ".bin"), records(2 * f, 2 * f, 2 * f + 1));
        }
        write(in.resolve("test_batch.bin"), records(100, 9, 0, 4));
    }

    private Dataset load(Path directory, Map<String, String> hp) {
        return CIFAR.load(new DatasetRequest(Optional.ofNullable(directory),
                Hyperparameters.of("data set 'cifar10'", CIFAR.hyperparameters(), hp), 1));
    }

    @Test
    void readsLabelsAndPixelsOfEveryRecordInFileOrder() {
        writeTinySet(dir);
        Dataset data = load(dir, Map.of());

        assertThat(data.train().size()).isEqualTo(10);
        assertThat(data.test().size()).isEqualTo(3);
        assertThat(data.featureShape()).containsExactly(3, 32, 32);
        assertThat(data.naturalRange()).containsExactly(0, 255);
        assertThat(data.classNames()).hasSize(10).startsWith("airplane").endsWith("truck");
        assertThat(data.train().classIndices()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(data.test().classIndices()).containsExactly(9, 0, 4);
        for (int r : new int[] {0, 7}) {
            for (int p : new int[] {0, 1023, 1024, 3071}) {
                assertThat(data.train().features().getDouble(r, p)).isEqualTo(pixel(r, p));
            }
        }
        assertThat(data.test().features().getDouble(2, 2048)).isEqualTo(pixel(102, 2048));
    }

    @Test
    void limitsKeepTheFirstRecords() {
        writeTinySet(dir);
        Dataset data = load(dir, Map.of("train-limit", "3", "test-limit", "1"));
        assertThat(data.train().classIndices()).containsExactly(0, 1, 2);
        assertThat(data.test().classIndices()).containsExactly(9);
    }

    @Test
    void findsTheFilesInTheArchivesFolder() {
        writeTinySet(dir.resolve("cifar-10-batches-bin"));
        assertThat(load(dir, Map.of()).train().size()).isEqualTo(10);
    }

    @Test
    void missingFilesAreNamed() {
        writeTinySet(dir);
        try {
            Files.delete(dir.resolve("data_batch_4.bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThatThrownBy(() -> load(dir, Map.of()))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("file 'data_batch_4.bin' not found in '" + dir + "'")
                .hasMessageContaining("--data-dir")
                .hasMessageNotContaining("data_batch_3.bin'");
    }

    @Test
    void withoutADirectoryItSaysWhichFilesItNeeds() {
        assertThatThrownBy(() -> load(null, Map.of()))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("data set 'cifar10' needs a directory")
                .hasMessageContaining("test_batch.bin");
    }

    @Test
    void aFileThatIsNotWholeRecordsIsReportedInOneLine() {
        writeTinySet(dir);
        Path bad = dir.resolve("data_batch_2.bin");
        write(bad, java.util.Arrays.copyOf(records(0, 1, 2), Cifar10Provider.RECORD + 100));
        assertThatThrownBy(() -> load(dir, Map.of()))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("CIFAR-10 file '" + bad + "' is 3173 bytes, not a whole number of 3073-byte records")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aLabelAboveNineIsReportedWithTheFileAndRecord() {
        writeTinySet(dir);
        Path bad = dir.resolve("test_batch.bin");
        write(bad, records(0, 3, 10));
        assertThatThrownBy(() -> load(dir, Map.of()))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("CIFAR-10 file '" + bad + "' record 2 has label 10, expected 0 to 9")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
