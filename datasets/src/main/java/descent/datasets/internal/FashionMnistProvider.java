package descent.datasets.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test images of
 * clothing, 28x28 grey-scale, ten classes. Read by default from {@code /usr/share/datasets/fashion-mnist},
 * where Debian's package {@code dataset-fashion-mnist} installs the four IDX files.
 */
public final class FashionMnistProvider extends IdxDatasetProvider {

    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Override
    public String id() {
        return "fashion-mnist";
    }

    @Override
    public String description() {
        return "Fashion-MNIST: 28x28 grey-scale clothing images, 10 classes, 60,000 train / 10,000 test";
    }

    @Override
    public Optional<Path> defaultDirectory() {
        return Optional.of(DEFAULT_DIRECTORY);
    }

    @Override
    List<String> classNames() {
        return CLASSES;
    }

    @Override
    String howToGetFiles() {
        return "install them with 'apt-get install dataset-fashion-mnist' or pass --data-dir DIR with the four IDX files";
    }
}
