package descent.datasets.idx;

import static descent.datasets.idx.IdxFiles.gzip;
import static descent.datasets.idx.IdxFiles.head;
import static descent.datasets.idx.IdxFiles.images;
import static descent.datasets.idx.IdxFiles.labels;
import static descent.datasets.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTests {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    /** The project's shared data folder, found from the module's directory as Maven runs the tests. */
    static final Path SHARED = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("../../shared/datasets").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    // ---- real data ----

    @Test
    void readsTheFashionMnistTestSplitWithTenBalancedClasses() {
        assumeFashionMnist();
        IdxImages images = IdxReader.readImages(FASHION.resolve("t10k-images-idx3-ubyte.gz"), 28, 28);
        IdxLabels labels = IdxReader.readLabels(FASHION.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        IdxReader.requireSameCount(images, labels);

        assertThat(images.count()).isEqualTo(10_000);
        assertThat(images.pixelsPerImage()).isEqualTo(784);
        assertThat(labels.classCounts(10)).containsOnly(1_000);
        float[] pixels = images.toFloats();
        assertThat(pixels).hasSize(10_000 * 784);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : pixels) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(255f);
        assertThat(pixels[5 * 784 + 14 * 28 + 14]).isEqualTo(images.pixel(5, 14, 14));
    }

    /** Reads the whole training split; the time is printed, not asserted (a timed test fails on a busy machine). */
    @Test
    void readsTheSixtyThousandFashionMnistTrainingImages() {
        assumeFashionMnist();
        long start = System.nanoTime();
        IdxImages images = IdxReader.readImages(FASHION.resolve("train-images-idx3-ubyte.gz"), 28, 28);
        float[] pixels = images.toFloats();
        IdxLabels labels = IdxReader.readLabels(FASHION.resolve("train-labels-idx1-ubyte.gz"), 10);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("read 60,000 Fashion-MNIST training images and labels in %.2f s%n", seconds);

        assertThat(pixels).hasSize(60_000 * 784);
        assertThat(labels.classCounts(10)).containsOnly(6_000);
    }

    @Test
    void readsTheSharedMnistTestSplitAfterCheckingItsSha256() throws IOException {
        Path mnist = SHARED.resolve("mnist");
        assumeTrue(Files.isDirectory(mnist), () -> "shared MNIST test split not found at '" + mnist + "'");
        Map<String, String> sums = sha256Sums(SHARED.resolve("SHA256SUMS"));
        for (String name : new String[] {"mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz"}) {
            assertThat(sums).containsKey(name);
            assertThat(sha256(SHARED.resolve(name))).as("SHA-256 of %s", name).isEqualTo(sums.get(name));
        }

        IdxImages images = IdxReader.readImages(mnist.resolve("t10k-images-idx3-ubyte.gz"), 28, 28);
        IdxLabels labels = IdxReader.readLabels(mnist.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        IdxReader.requireSameCount(images, labels);

        assertThat(images.count()).isEqualTo(10_000);
        assertThat(Arrays.copyOf(labels.toInts(), 5)).containsExactly(7, 2, 1, 0, 4);
        int[] counts = labels.classCounts(10);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(10_000);
        // The published class frequencies of MNIST's test split.
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    // ---- well-formed small files ----

    @Test
    void detectsGzipByItsMagicBytesNotByTheFileName() {
        byte[] idx = images(3, 4, 5);
        Path plainNamedGz = write(dir, "plain.gz", idx);
        Path gzipNamedPlain = write(dir, "compressed-idx3-ubyte", gzip(idx));

        IdxImages a = IdxReader.readImages(plainNamedGz);
        IdxImages b = IdxReader.readImages(gzipNamedPlain);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(4);
        assertThat(a.columns()).isEqualTo(5);
        assertThat(b.toFloats()).containsExactly(a.toFloats());
        assertThat(a.pixel(2, 3, 4)).isEqualTo(IdxFiles.pixel(2, 3, 4));
        assertThat(a.toFloats()[2 * 20 + 3 * 5 + 4]).isEqualTo(IdxFiles.pixel(2, 3, 4));
    }

    @Test
    void readsAGzipFileOfTwoMembersWhoseTrailerGivesOnlyTheLastOnesSize() {
        byte[] idx = images(7, 28, 28);
        int cut = 1000;
        byte[] first = gzip(java.util.Arrays.copyOfRange(idx, 0, cut));
        byte[] second = gzip(java.util.Arrays.copyOfRange(idx, cut, idx.length));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        IdxImages read = IdxReader.readImages(write(dir, "two-members-idx3-ubyte.gz", both));
        IdxImages plain = IdxReader.readImages(write(dir, "plain-idx3-ubyte", idx));
        assertThat(read.count()).isEqualTo(7);
        assertThat(read.toFloats()).containsExactly(plain.toFloats());
    }

    @Test
    void writesPixelsIntoABufferAsToFloatsReturnsThem() {
        IdxImages images = IdxReader.readImages(write(dir, "w-idx3-ubyte", images(5, 28, 28)));
        java.nio.FloatBuffer out = java.nio.FloatBuffer.allocate(3 * 784);
        assertThat(images.writeFloats(3, out)).isEqualTo(3);
        assertThat(out.array()).containsExactly(images.toFloats(3));
    }

    @Test
    void limitTakesTheFirstImagesAndLabels() {
        IdxImages images = IdxReader.readImages(write(dir, "i", images(5, 2, 2)));
        IdxLabels labels = IdxReader.readLabels(write(dir, "l", gzip(labels(3, 0, 2, 1, 3))), 4);

        assertThat(images.toFloats(2)).containsExactly(Arrays.copyOf(images.toFloats(), 8));
        assertThat(images.toFloats(0)).hasSize(20);
        assertThat(images.toFloats(99)).hasSize(20);
        assertThat(labels.toOneHot(4, 2)).containsExactly(0, 0, 0, 1, 1, 0, 0, 0);
        assertThat(labels.toInts()).containsExactly(3, 0, 2, 1, 3);
    }

    @Test
    void readsLabelsUpTo255WhenNoClassCountIsGiven() {
        IdxLabels labels = IdxReader.readLabels(write(dir, "l", labels(0, 255, 128)));

        assertThat(labels.toInts()).containsExactly(0, 255, 128);
    }

    // ---- broken files: one line that names the file ----

    @Test
    void rejectsAMissingFileNamingItAndItsDirectory() {
        Path missing = dir.resolve("train-images-idx3-ubyte.gz");

        assertOneLine(() -> IdxReader.readImages(missing))
                .hasMessageContaining("'train-images-idx3-ubyte.gz' not found in '" + dir + "'")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void rejectsALabelFileWhereImagesAreExpectedNamingBothMagicNumbers() {
        Path file = write(dir, "t10k-labels-idx1-ubyte", labels(1, 2, 3));

        assertOneLine(() -> IdxReader.readImages(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("magic number 2049")
                .hasMessageContaining("expected 2051")
                .hasMessageContaining("looks like an IDX1 label file");
    }

    @Test
    void rejectsAFileThatIsNotIdxAtAll() {
        Path file = write(dir, "notes.gz", gzip("hello, world: not IDX".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        assertOneLine(() -> IdxReader.readLabels(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is not an IDX1 label file")
                .hasMessageContaining("expected 2049");
    }

    @Test
    void rejectsATruncatedImageFileWithExpectedAndActualSizes() {
        byte[] full = images(10, 28, 28);
        Path file = write(dir, "train-images-idx3-ubyte", head(full, full.length - 100));

        assertOneLine(() -> IdxReader.readImages(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("10 images of 28x28")
                .hasMessageContaining("needs " + full.length + " bytes")
                .hasMessageContaining("found " + (full.length - 100) + " bytes");
    }

    @Test
    void rejectsATruncatedGzippedImageFileCountingDecompressedBytes() {
        byte[] full = images(10, 28, 28);
        Path file = write(dir, "train-images-idx3-ubyte.gz", gzip(head(full, 3000)));

        assertOneLine(() -> IdxReader.readImages(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("needs " + full.length + " decompressed bytes, found 3000");
    }

    @Test
    void rejectsAFileShorterThanItsHeader() {
        Path file = write(dir, "labels", head(labels(1, 2), 6));

        assertOneLine(() -> IdxReader.readLabels(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("8-byte header, found 6 bytes");
    }

    @Test
    void rejectsATruncatedGzipStream() {
        byte[] gz = gzip(images(50, 28, 28));
        Path file = write(dir, "t10k-images-idx3-ubyte.gz", head(gz, gz.length / 2));

        assertOneLine(() -> IdxReader.readImages(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated gzip stream");
    }

    @Test
    void rejectsACorruptGzipStream() {
        byte[] gz = gzip(images(50, 28, 28));
        for (int i = 20; i < 60; i++) {
            gz[i] = (byte) 0xff;
        }
        Path file = write(dir, "t10k-images-idx3-ubyte.gz", gz);

        assertOneLine(() -> IdxReader.readImages(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("gzip stream");
    }

    @Test
    void rejectsBytesAfterTheDeclaredData() {
        byte[] full = labels(1, 2, 3);
        Path file = write(dir, "labels", Arrays.copyOf(full, full.length + 4));

        assertOneLine(() -> IdxReader.readLabels(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("4 bytes after the 3 labels");
    }

    @Test
    void rejectsImagesThatAreNot28By28() {
        Path file = write(dir, "cifar-like-idx3-ubyte", images(2, 32, 32));

        assertOneLine(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("images of 32x32 pixels, expected 28x28");
    }

    @Test
    void rejectsALabelOutOfRangeNamingItsIndex() {
        Path file = write(dir, "labels.gz", gzip(labels(0, 9, 3, 10, 1)));

        assertOneLine(() -> IdxReader.readLabels(file, 10))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("label 10 at index 3, expected 0..9");
    }

    @Test
    void rejectsImageAndLabelFilesWithDifferentCounts() {
        Path imagesFile = write(dir, "t10k-images-idx3-ubyte", images(4, 28, 28));
        Path labelsFile = write(dir, "t10k-labels-idx1-ubyte", labels(1, 2, 3));
        IdxImages images = IdxReader.readImages(imagesFile);
        IdxLabels labels = IdxReader.readLabels(labelsFile);

        assertOneLine(() -> IdxReader.requireSameCount(images, labels))
                .hasMessageContaining(imagesFile + "' holds 4 images")
                .hasMessageContaining(labelsFile + "' holds 3 labels");
    }

    @Test
    void rejectsADirectoryGivenAsAFile() {
        assertOneLine(() -> IdxReader.readImages(dir))
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a directory");
    }

    // ---- streaming: the same floats and the same messages as readImages ----

    private static float[] stream(Path file, int rows, int columns, int limit) {
        java.nio.FloatBuffer[] out = new java.nio.FloatBuffer[1];
        int[] calls = new int[1];
        int n = IdxReader.streamImages(file, rows, columns, limit, (count, images) -> {
            calls[0]++;
            assertThat(images).isEqualTo(limit == 0 ? count : Math.min(limit, count));
            out[0] = java.nio.FloatBuffer.allocate(images * rows * columns);
            return out[0];
        });
        assertThat(calls[0]).isEqualTo(1);
        assertThat(out[0].capacity()).isEqualTo(n * rows * columns);
        return out[0].array();
    }

    @Test
    void streamsTheFloatsReadImagesGivesForPlainGzipAndTwoMemberFiles() {
        byte[] idx = images(7, 28, 28);
        byte[] first = gzip(Arrays.copyOfRange(idx, 0, 1000));
        byte[] second = gzip(Arrays.copyOfRange(idx, 1000, idx.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        float[] expected = IdxReader.readImages(write(dir, "p", idx)).toFloats();
        assertThat(stream(write(dir, "plain-idx3-ubyte", idx), 28, 28, 0)).containsExactly(expected);
        assertThat(stream(write(dir, "g.gz", gzip(idx)), 28, 28, 0)).containsExactly(expected);
        assertThat(stream(write(dir, "two.gz", both), 28, 28, 0)).containsExactly(expected);
        assertThat(stream(write(dir, "l.gz", gzip(idx)), 28, 28, 3)).containsExactly(Arrays.copyOf(expected, 3 * 784));
        assertThat(stream(write(dir, "m.gz", gzip(idx)), 28, 28, 99)).containsExactly(expected);
    }

    @Test
    void streamsTheFashionMnistTestSplitAsReadImagesReadsIt() {
        assumeFashionMnist();
        Path file = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        // Arrays.mismatch: AssertJ's containsExactly diffs 7.8 million floats in quadratic time.
        assertThat(Arrays.mismatch(stream(file, 28, 28, 0), IdxReader.readImages(file, 28, 28).toFloats())).isEqualTo(-1);
    }

    @Test
    void aStreamTargetThatRefusesTheCountStopsTheRead() {
        Path imagesFile = write(dir, "t10k-images-idx3-ubyte", images(4, 28, 28));
        IdxLabels labels = IdxReader.readLabels(write(dir, "t10k-labels-idx1-ubyte", labels(1, 2, 3)));
        assertOneLine(() -> IdxReader.streamImages(imagesFile, 28, 28, 0, (count, n) -> {
            IdxReader.requireSameCount(imagesFile, count, labels);
            return java.nio.FloatBuffer.allocate(n * 784);
        })).hasMessageContaining(imagesFile + "' holds 4 images").hasMessageContaining("holds 3 labels");
        assertThatThrownBy(() -> IdxReader.streamImages(imagesFile, 28, 28, 0, (count, n) -> java.nio.FloatBuffer.allocate(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer of 10 floats");
        assertThatThrownBy(() -> IdxReader.streamImages(imagesFile, 28, 28, -1, (count, n) -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"missing", "directory", "label file", "truncated",
        "truncated gz", "short header", "truncated gzip stream", "corrupt gzip", "trailing bytes", "32x32", "negative count"})
    void streamingReportsEveryDefectInTheWordsOfReadImages(String defect) {
        byte[] full = images(10, 28, 28);
        byte[] gz = gzip(images(50, 28, 28));
        Path file = switch (defect) {
            case "missing" -> dir.resolve("train-images-idx3-ubyte.gz");
            case "directory" -> dir;
            case "label file" -> write(dir, "f", labels(1, 2, 3));
            case "truncated" -> write(dir, "f", head(full, full.length - 100));
            case "truncated gz" -> write(dir, "f.gz", gzip(head(full, 3000)));
            case "short header" -> write(dir, "f", head(full, 10));
            case "truncated gzip stream" -> write(dir, "f.gz", head(gz, gz.length / 2));
            case "corrupt gzip" -> {
                for (int i = 20; i < 60; i++) {
                    gz[i] = (byte) 0xff;
                }
                yield write(dir, "f.gz", gz);
            }
            case "trailing bytes" -> write(dir, "f", Arrays.copyOf(full, full.length + 4));
            case "32x32" -> write(dir, "f", images(2, 32, 32));
            default -> {
                byte[] b = full.clone();
                b[4] = (byte) 0xff;
                yield write(dir, "f", b);
            }
        };
        String expected = catchMessage(() -> IdxReader.readImages(file, 28, 28));
        assertOneLine(() -> IdxReader.streamImages(file, 28, 28, 0, (count, n) -> java.nio.FloatBuffer.allocate(n * 784)))
                .hasMessage(expected);
        assertOneLine(() -> IdxReader.streamImages(file, 28, 28, 1, (count, n) -> java.nio.FloatBuffer.allocate(n * 784)))
                .hasMessage(expected);
    }

    private static String catchMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isExactlyInstanceOf(DescentException.class);
        return t.getMessage();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertOneLine(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isExactlyInstanceOf(DescentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    static void assumeFashionMnist() {
        assumeTrue(Files.isDirectory(FASHION),
                "Fashion-MNIST not installed at " + FASHION + "; 'apt-get install dataset-fashion-mnist' to run this test");
    }

    private static Map<String, String> sha256Sums(Path file) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2) {
                sums.put(parts[1], parts[0].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
