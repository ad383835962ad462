package descent.api.model;

import descent.api.Stability;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier with a flat parameter vector: what the engine trains. Features are rows of a
 * {@code [batch, features]} matrix (images flattened), labels one-hot rows; the loss is the mean
 * over the batch of the cross-entropy.
 *
 * <p>Not thread-safe; one training run owns a model.
 */
@Stability(Stability.Level.STABLE)
public interface Model {

    /** The flat parameter vector: a live view (writing it changes the model), owned by the model. */
    INDArray parameters();

    /**
     * Loss and gradient on a batch at the current parameters. The gradient is written into
     * {@link #gradient()}, which stays valid until the next call.
     *
     * @return the mean loss over the batch
     */
    double computeGradient(INDArray features, INDArray labels);

    /**
     * The flat gradient buffer written by {@link #computeGradient}, in the shape of
     * {@link #parameters()}: a live view owned by the model.
     */
    INDArray gradient();

    /** Mean loss over a batch, without a gradient. */
    double loss(INDArray features, INDArray labels);

    /** Class probabilities for each row, {@code [batch, classes]}; a new array. */
    INDArray output(INDArray features);

    /**
     * The fully connected layers, input to output, for trainers that work layer by layer; empty if
     * the model has layers such a trainer cannot see (convolutions).
     */
    List<DenseLayer> denseLayers();

    /** One line: layer sizes and parameter count. */
    String summary();
}
