package descent.datasets.internal;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Split;
import descent.datasets.idx.IdxLabels;
import descent.datasets.idx.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A data set of 28x28 grey-scale images in ten classes, stored as the four IDX files of the MNIST
 * layout ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-...}), each
 * gzip-compressed ({@code .gz}) or plain. Every file is checked before any is read, so a missing
 * one is reported with the directory and how to fix it rather than after seconds of loading.
 */
abstract class IdxDatasetProvider implements DatasetProvider {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private static final int SIDE = 28;

    private static final List<Hyperparameter> HYPERPARAMETERS = List.of(
            Hyperparameter.integer("train-limit", 0, Range.closed(0, Integer.MAX_VALUE),
                    "use only the first N training examples (0 = all)"),
            Hyperparameter.integer("test-limit", 0, Range.closed(0, Integer.MAX_VALUE),
                    "use only the first N test examples (0 = all)"));

    /** The class names, in label order; their number is the number of classes. */
    abstract List<String> classNames();

    /** How the user gets the files, completing "...; " in an error message. */
    abstract String howToGetFiles();

    @Override
    public final List<Hyperparameter> hyperparameters() {
        return HYPERPARAMETERS;
    }

    @Override
    public final List<String> requiredFiles() {
        return FILES.stream().map(f -> f + ".gz").toList();
    }

    @Override
    public final Dataset load(DatasetRequest request) {
        Path dir = request.directory().or(this::defaultDirectory).orElseThrow(() -> new DescentException(
                "data set '" + id() + "' needs a directory with its IDX files (" + String.join(", ", requiredFiles())
                        + "); " + howToGetFiles()));
        if (!Files.isDirectory(dir)) {
            throw new DescentException("data directory '" + dir + "' of data set '" + id() + "' "
                    + (Files.exists(dir) ? "is not a directory" : "does not exist") + "; " + howToGetFiles());
        }
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            Path gz = dir.resolve(name + ".gz");
            Path plain = dir.resolve(name);
            if (Files.isRegularFile(gz)) {
                paths.add(gz);
            } else if (Files.isRegularFile(plain)) {
                paths.add(plain);
            } else {
                missing.add("'" + name + ".gz' (or '" + name + "')");
            }
        }
        if (!missing.isEmpty()) {
            throw new DescentException("data set '" + id() + "': " + (missing.size() == 1 ? "file " : "files ")
                    + String.join(", ", missing) + " not found in '" + dir + "'; " + howToGetFiles());
        }
        Hyperparameters hp = request.hyperparameters();
        int trainLimit = limit(hp, "train-limit");
        int testLimit = limit(hp, "test-limit");
        Split train = split(paths.get(0), paths.get(1), trainLimit);
        Split test = split(paths.get(2), paths.get(3), testLimit);
        return new Dataset(id(), train, test, new int[] {1, SIDE, SIDE}, classNames(), new double[] {0, 255});
    }

    private static int limit(Hyperparameters hp, String name) {
        return Math.toIntExact(hp.integer(name));
    }

    private Split split(Path imagesFile, Path labelsFile, int limit) {
        int classes = classNames().size();
        // The pixels stream straight into native memory as floats: neither the file's bytes nor a
        // float[] of them is ever on the heap (a float[] would grow it by 188 MB for Fashion-MNIST,
        // and the heap does not give that back).
        INDArray[] x = new INDArray[1];
        int[] count = new int[1];
        int n = IdxReader.streamImages(imagesFile, SIDE, SIDE, limit, (total, images) -> {
            count[0] = total;
            x[0] = Nd4j.createUninitialized(DataType.FLOAT, Math.max(1, images), (long) SIDE * SIDE);
            return x[0].data().asNioFloat();
        });
        IdxLabels labels = IdxReader.readLabels(labelsFile, classes);
        IdxReader.requireSameCount(imagesFile, count[0], labels);
        if (n == 0) {
            throw new DescentException("IDX file '" + imagesFile + "' holds no images; download it again");
        }
        float[] y = labels.toOneHot(classes, limit);
        return new Split(x[0], Nd4j.create(y, new long[] {n, classes}, 'c'));
    }
}
