package descent.datasets.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Two concentric rings around the origin: class 0 on the circle of radius {@code inner-radius},
 * class 1 on the circle of radius {@code outer-radius}, at uniformly random angles, with Gaussian
 * noise of standard deviation {@code noise} added to each coordinate. Separable by a circle, not
 * by a line.
 */
public final class RingsProvider extends SyntheticDatasetProvider {

    @Override
    public String id() {
        return "rings";
    }

    @Override
    public String description() {
        return "two concentric noisy rings, inner and outer; 2 features, 2 classes";
    }

    @Override
    double defaultNoise() {
        return 0.1;
    }

    @Override
    List<Hyperparameter> extraHyperparameters() {
        return List.of(
                Hyperparameter.real("inner-radius", 1.0, Range.greaterThan(0), "radius of the class-0 ring"),
                Hyperparameter.real("outer-radius", 2.0, Range.greaterThan(0),
                        "radius of the class-1 ring, larger than inner-radius"));
    }

    @Override
    void validate(Hyperparameters hp) {
        if (hp.real("outer-radius") <= hp.real("inner-radius")) {
            throw hp.invalid("outer-radius", "must be > inner-radius (" + hp.real("inner-radius") + ")");
        }
    }

    @Override
    List<String> classNames() {
        return List.of("inner", "outer");
    }

    @Override
    void sample(int index, RandomGenerator rng, double noise, Hyperparameters hp, double[] xy) {
        double r = index % 2 == 0 ? hp.real("inner-radius") : hp.real("outer-radius");
        double angle = 2 * Math.PI * rng.nextDouble();
        xy[0] = r * Math.cos(angle) + noise * rng.nextGaussian();
        xy[1] = r * Math.sin(angle) + noise * rng.nextGaussian();
    }
}
