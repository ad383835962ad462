package descent.datasets.internal;

import java.util.List;

/**
 * MNIST (LeCun, Cortes and Burges): 60,000 training and 10,000 test images of handwritten digits,
 * 28x28 grey-scale, ten classes. No package ships it, so it has no default directory: the user
 * names the directory with the four IDX files.
 */
public final class MnistProvider extends IdxDatasetProvider {

    private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Override
    public String id() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST: 28x28 grey-scale handwritten digits, 10 classes, 60,000 train / 10,000 test (needs --data-dir)";
    }

    @Override
    List<String> classNames() {
        return CLASSES;
    }

    @Override
    String howToGetFiles() {
        return "pass --data-dir DIR with the four MNIST IDX files as published by LeCun et al.";
    }
}
