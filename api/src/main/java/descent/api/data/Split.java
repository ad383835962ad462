package descent.api.data;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Examples and their labels.
 *
 * @param features {@code [n, features]}, one example per row (images flattened row-major)
 * @param labels {@code [n, classes]} one-hot rows
 */
@Stability(Stability.Level.STABLE)
public record Split(INDArray features, INDArray labels) {

    public Split {
        if (features.rank() != 2 || labels.rank() != 2 || features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape())
                    + " and labels " + java.util.Arrays.toString(labels.shape()) + " do not pair up");
        }
    }

    /** Number of examples. */
    public int size() {
        return (int) features.size(0);
    }

    /** The class index of each row. */
    public int[] classIndices() {
        return Nd4j.argMax(labels, 1).toIntVector();
    }

    /** The rows at {@code indices}, as new arrays. */
    public Split rows(int[] indices) {
        return new Split(features.getRows(indices), labels.getRows(indices));
    }
}
