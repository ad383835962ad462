package descent.datasets.internal;

import descent.api.Hyperparameters;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Four Gaussian blobs centred on the corners {@code (+-1, +-1)}, labelled by XOR of the signs:
 * class 0 for the blobs at {@code (1, 1)} and {@code (-1, -1)}, class 1 for {@code (1, -1)} and
 * {@code (-1, 1)}. The label is that of the blob, so with large {@code noise} a point may stray
 * into a neighbouring quadrant; at the default 0.25 that happens to about one point in 16,000.
 * Not linearly separable: the smallest test that a hidden layer learns.
 */
public final class XorProvider extends SyntheticDatasetProvider {

    @Override
    public String id() {
        return "xor";
    }

    @Override
    public String description() {
        return "four Gaussian blobs at (+-1, +-1) labelled by XOR of the signs; 2 features, 2 classes";
    }

    @Override
    double defaultNoise() {
        return 0.25;
    }

    @Override
    List<String> classNames() {
        return List.of("same-sign", "opposite-sign");
    }

    @Override
    void sample(int index, RandomGenerator rng, double noise, Hyperparameters hp, double[] xy) {
        // index % 4 walks the corners (+,+), (+,-), (-,-), (-,+): class index % 2 is 0 on the
        // diagonal x*y > 0 and 1 off it, and each corner gets a quarter of the points.
        int corner = index % 4;
        double cx = corner < 2 ? 1 : -1;
        double cy = corner == 0 || corner == 3 ? 1 : -1;
        xy[0] = cx + noise * rng.nextGaussian();
        xy[1] = cy + noise * rng.nextGaussian();
    }
}
