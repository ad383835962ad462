package descent.api.data;

import descent.api.Stability;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A classification data set: a training and a test split.
 *
 * @param id the provider's id
 * @param train the training split
 * @param test the test split
 * @param featureShape shape of one example ({@code {784}}, or {@code {1, 28, 28}} for images that a
 *     CNN may use); features are stored flattened
 * @param classNames one name per class, in label order
 * @param naturalRange {@code {min, max}} of the raw features when known (pixels: {@code {0, 255}}),
 *     or {@code null} to scale by the training split's per-feature minimum and maximum
 */
@Stability(Stability.Level.STABLE)
public record Dataset(String id, Split train, Split test, int[] featureShape, List<String> classNames, double[] naturalRange) {

    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        featureShape = featureShape.clone();
        classNames = List.copyOf(classNames);
        naturalRange = naturalRange == null ? null : naturalRange.clone();
        int features = Arrays.stream(featureShape).reduce(1, (a, b) -> a * b);
        for (Split s : List.of(train, test)) {
            if (s.features().size(1) != features || s.labels().size(1) != classNames.size()) {
                throw new IllegalArgumentException("split of '" + id + "' has shape " + Arrays.toString(s.features().shape())
                        + "/" + Arrays.toString(s.labels().shape()) + ", expected " + features + " features and "
                        + classNames.size() + " classes");
            }
        }
    }

    /** Number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Number of features per example. */
    public int features() {
        return (int) train.features().size(1);
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public double[] naturalRange() {
        return naturalRange == null ? null : naturalRange.clone();
    }

    /** The same data with other splits (after scaling, or a subset). */
    public Dataset withSplits(Split newTrain, Split newTest) {
        return new Dataset(id, newTrain, newTest, featureShape, classNames, naturalRange);
    }
}
