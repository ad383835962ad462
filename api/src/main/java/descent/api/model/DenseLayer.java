package descent.api.model;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One fully connected layer of a {@link Model}: {@code z = x·W + b}, {@code h = activation(z)}.
 * {@code weights} and {@code bias} are live views into {@link Model#parameters()}: a trainer that
 * updates them in place updates the model.
 *
 * @param weights {@code [nIn, nOut]} view
 * @param bias {@code [1, nOut]} view
 * @param activation {@code relu}, {@code identity} or {@code softmax} (the output layer)
 */
@Stability(Stability.Level.STABLE)
public record DenseLayer(INDArray weights, INDArray bias, String activation) {

    /** Inputs of this layer. */
    public long inputs() {
        return weights.size(0);
    }

    /** Units of this layer. */
    public long outputs() {
        return weights.size(1);
    }
}
