package descent.datasets.internal;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CIFAR-10 (Krizhevsky 2009), the binary version: {@code data_batch_1.bin} to
 * {@code data_batch_5.bin} (training) and {@code test_batch.bin}, each a sequence of records of one
 * label byte (0 to 9) and 3,072 pixel bytes (1,024 red, then green, then blue, each 32 rows of 32,
 * row-major): 10,000 records per file in the published archive. Features are the pixels in that
 * order, shape {@code {3, 32, 32}}, natural range 0 to 255.
 *
 * <p>No package ships it, so the user names the directory: the one holding the six files, or the
 * one the archive was unpacked in (its {@code cifar-10-batches-bin} folder is used). Every file is
 * checked to exist and to be a whole number of records before any is read; a label above 9 is
 * reported with the file and the record.
 */
public final class Cifar10Provider implements DatasetProvider {

    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    private static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";
    private static final String HOW = "download the binary version (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html,"
            + " unpack it and pass --data-dir with the folder that holds the six .bin files";
    private static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    @Override
    public String id() {
        return "cifar10";
    }

    @Override
    public String description() {
        return "CIFAR-10 (binary version): 32x32 colour images, 10 classes, 50,000 train / 10,000 test (needs --data-dir)";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.integer("train-limit", 0, Range.closed(0, Integer.MAX_VALUE),
                        "use only the first N training examples (0 = all)"),
                Hyperparameter.integer("test-limit", 0, Range.closed(0, Integer.MAX_VALUE),
                        "use only the first N test examples (0 = all)"));
    }

    @Override
    public List<String> requiredFiles() {
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return List.copyOf(all);
    }

    @Override
    public Dataset load(DatasetRequest request) {
        Path dir = request.directory().orElseThrow(() -> new DescentException("data set 'cifar10' needs a directory with its files ("
                + String.join(", ", requiredFiles()) + "); " + HOW));
        if (!Files.isDirectory(dir)) {
            throw new DescentException("data directory '" + dir + "' of data set 'cifar10' "
                    + (Files.exists(dir) ? "is not a directory" : "does not exist") + "; " + HOW);
        }
        if (!Files.exists(dir.resolve(TEST_FILE)) && Files.isDirectory(dir.resolve(ARCHIVE_FOLDER))) {
            dir = dir.resolve(ARCHIVE_FOLDER);
        }
        List<String> missing = new ArrayList<>();
        for (String name : requiredFiles()) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new DescentException("data set 'cifar10': " + (missing.size() == 1 ? "file " : "files ")
                    + String.join(", ", missing) + " not found in '" + dir + "'; " + HOW);
        }
        for (String name : requiredFiles()) {
            checkSize(dir.resolve(name));
        }
        Hyperparameters hp = request.hyperparameters();
        List<Path> train = TRAIN_FILES.stream().map(dir::resolve).toList();
        return new Dataset(id(), read(train, limit(hp, "train-limit")), read(List.of(dir.resolve(TEST_FILE)), limit(hp, "test-limit")),
                new int[] {3, 32, 32}, CLASSES, new double[] {0, 255});
    }

    private static int limit(Hyperparameters hp, String name) {
        int l = Math.toIntExact(hp.integer(name));
        return l == 0 ? Integer.MAX_VALUE : l;
    }

    private static long checkSize(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DescentException("cannot read CIFAR-10 file '" + file + "': " + e.getMessage());
        }
        if (size == 0 || size % RECORD != 0) {
            throw new DescentException("CIFAR-10 file '" + file + "' is " + size + " bytes, not a whole number of "
                    + RECORD + "-byte records (1 label byte + 3,072 pixels); it is truncated or not the binary version; " + HOW);
        }
        return size / RECORD;
    }

    /** The records of {@code files} in order, at most {@code limit} of them. */
    static Split read(List<Path> files, int limit) {
        long available = 0;
        for (Path f : files) {
            available += checkSize(f);
        }
        int n = (int) Math.min(available, limit);
        float[] x = new float[n * PIXELS];
        float[] y = new float[n * CLASSES.size()];
        int r = 0;
        for (Path f : files) {
            if (r == n) {
                break;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int rec = 0; rec < bytes.length / RECORD && r < n; rec++, r++) {
                int at = rec * RECORD;
                int label = bytes[at] & 0xFF;
                if (label > 9) {
                    throw new DescentException("CIFAR-10 file '" + f + "' record " + (rec + 1) + " has label " + label
                            + ", expected 0 to 9; it is not the 10-class binary version (CIFAR-100's files differ); " + HOW);
                }
                y[r * CLASSES.size() + label] = 1f;
                int base = r * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    x[base + p] = bytes[at + 1 + p] & 0xFF;
                }
            }
        }
        return new Split(Nd4j.create(x, new long[] {n, PIXELS}, 'c'), Nd4j.create(y, new long[] {n, CLASSES.size()}, 'c'));
    }
}
