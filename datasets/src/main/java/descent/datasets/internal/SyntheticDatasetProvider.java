package descent.datasets.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generated two-feature, two-class set. Example {@code i} belongs to class {@code i % 2}, so the
 * classes are balanced (exactly, for an even count) and every mini-batch holds both. The request's
 * seed fixes everything: the training and the test split are drawn from two independent streams
 * split off one {@link SplittableRandom} seeded with it, so a test-set size never changes the
 * training set. No files, no natural range (scaling uses the training minimum and maximum).
 */
abstract class SyntheticDatasetProvider implements DatasetProvider {

    /** The largest split a synthetic set generates. */
    static final int MAX_SAMPLES = 10_000_000;

    /** Default {@code noise}, the standard deviation of the Gaussian added to each coordinate. */
    abstract double defaultNoise();

    /** Hyperparameters beyond {@code samples}, {@code test-samples} and {@code noise}. */
    List<Hyperparameter> extraHyperparameters() {
        return List.of();
    }

    /** Cross-field checks of the validated hyperparameters; throws via {@link Hyperparameters#invalid}. */
    void validate(Hyperparameters hp) {
    }

    /** The two class names, in label order. */
    abstract List<String> classNames();

    /**
     * Draws example {@code index} of class {@code index % 2} into {@code xy}.
     *
     * @param noise the validated {@code noise}
     */
    abstract void sample(int index, RandomGenerator rng, double noise, Hyperparameters hp, double[] xy);

    @Override
    public final List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> all = new ArrayList<>();
        all.add(Hyperparameter.integer("samples", 1000, Range.closed(2, MAX_SAMPLES), "training examples"));
        all.add(Hyperparameter.integer("test-samples", 1000, Range.closed(2, MAX_SAMPLES), "test examples"));
        all.add(Hyperparameter.real("noise", defaultNoise(), Range.atLeast(0),
                "standard deviation of the Gaussian noise added to each coordinate"));
        all.addAll(extraHyperparameters());
        return List.copyOf(all);
    }

    @Override
    public final Dataset load(DatasetRequest request) {
        Hyperparameters hp = request.hyperparameters();
        validate(hp);
        double noise = hp.real("noise");
        SplittableRandom root = new SplittableRandom(request.seed());
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        Split train = generate(Math.toIntExact(hp.integer("samples")), trainRng, noise, hp);
        Split test = generate(Math.toIntExact(hp.integer("test-samples")), testRng, noise, hp);
        return new Dataset(id(), train, test, new int[] {2}, classNames(), null);
    }

    private Split generate(int n, RandomGenerator rng, double noise, Hyperparameters hp) {
        float[] x = new float[2 * n];
        float[] y = new float[2 * n];
        double[] xy = new double[2];
        for (int i = 0; i < n; i++) {
            sample(i, rng, noise, hp, xy);
            x[2 * i] = (float) xy[0];
            x[2 * i + 1] = (float) xy[1];
            y[2 * i + i % 2] = 1f;
        }
        return new Split(Nd4j.create(x, new long[] {n, 2}, 'c'), Nd4j.create(y, new long[] {n, 2}, 'c'));
    }
}
