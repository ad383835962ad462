package descent.api.model;

import descent.api.Stability;
import java.util.Arrays;

/**
 * What a model is built for.
 *
 * @param featureShape shape of one example: {@code {784}} for a vector, {@code {1, 28, 28}} for a
 *     one-channel image (channels, height, width); features arrive flattened either way
 * @param classes number of classes
 * @param seed seed of the weight initialisation
 */
@Stability(Stability.Level.STABLE)
public record ModelSpec(int[] featureShape, int classes, long seed) {

    public ModelSpec {
        featureShape = featureShape.clone();
        if (featureShape.length == 0 || Arrays.stream(featureShape).anyMatch(d -> d < 1) || classes < 2) {
            throw new IllegalArgumentException("bad model spec " + Arrays.toString(featureShape) + ", " + classes + " classes");
        }
    }

    /** The number of input features (product of the shape). */
    public int features() {
        return Arrays.stream(featureShape).reduce(1, (a, b) -> a * b);
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }
}
