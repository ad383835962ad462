package descent.api.train;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch handed to a {@link Trainer}; the arrays are the engine's and valid during the call.
 *
 * @param features {@code [batch, features]}
 * @param labels {@code [batch, classes]} one-hot
 */
@Stability(Stability.Level.STABLE)
public record Batch(INDArray features, INDArray labels) {

    /** Rows in the batch. */
    public int size() {
        return (int) features.size(0);
    }
}
