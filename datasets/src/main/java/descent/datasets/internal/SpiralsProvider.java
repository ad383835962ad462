package descent.datasets.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Two interleaved Archimedean spirals (Lang and Witbrock's two-spirals problem): a point at
 * parameter {@code t}, uniform in [0, 1], lies at radius {@code t} and angle
 * {@code 2 pi turns t}, plus {@code pi} for class 1, so each arm is the other turned by half a
 * circle; Gaussian noise of standard deviation {@code noise} is added to each coordinate. At the
 * same angle the arms are {@code 1 / (2 turns)} apart in radius.
 */
public final class SpiralsProvider extends SyntheticDatasetProvider {

    @Override
    public String id() {
        return "spirals";
    }

    @Override
    public String description() {
        return "two interleaved spirals, each the other turned by half a circle; 2 features, 2 classes";
    }

    @Override
    double defaultNoise() {
        return 0.03;
    }

    @Override
    List<Hyperparameter> extraHyperparameters() {
        return List.of(Hyperparameter.real("turns", 1.5, new Range(0, false, 10, true), "turns of each spiral"));
    }

    @Override
    List<String> classNames() {
        return List.of("first", "second");
    }

    @Override
    void sample(int index, RandomGenerator rng, double noise, Hyperparameters hp, double[] xy) {
        double t = rng.nextDouble();
        double angle = 2 * Math.PI * hp.real("turns") * t + (index % 2) * Math.PI;
        xy[0] = t * Math.cos(angle) + noise * rng.nextGaussian();
        xy[1] = t * Math.sin(angle) + noise * rng.nextGaussian();
    }
}
