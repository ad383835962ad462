package descent.engine.internal.model;

import descent.api.model.DenseLayer;
import descent.api.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A {@link Model} over a DL4J {@link MultiLayerNetwork}. Loss and gradient come from DL4J's
 * backpropagation ({@code computeGradientAndScore}), which writes the flat gradient view; DL4J's
 * own updater is never invoked, so only the descent optimizer moves the parameters. The gradient
 * is that of the mean loss, like the loss itself.
 */
public final class Dl4jModel implements Model {

    private final MultiLayerNetwork network;
    private final String description;
    private INDArray gradient;

    public Dl4jModel(MultiLayerNetwork network, String description) {
        this.network = network;
        this.description = description;
    }

    /** The wrapped network (for benchmarks and checkpoints inside the engine). */
    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public INDArray parameters() {
        return network.params();
    }

    @Override
    public double computeGradient(INDArray features, INDArray labels) {
        network.setInput(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        network.clear();
        // DL4J's backprop leaves the gradient of the SUM of per-example losses; its updater divides
        // by the batch size afterwards (miniBatch mode). The score is already the mean, so the
        // gradient is made the mean's here, once, for every optimizer.
        gradient().divi(features.size(0));
        return network.score();
    }

    @Override
    public INDArray gradient() {
        if (gradient == null) {
            // DL4J keeps the flat gradient as [1, n] and the parameters as [n] (or the reverse);
            // the optimizer gets both in the shape of the parameters, as a view of DL4J's buffer.
            INDArray g = network.getGradientsViewArray();
            gradient = java.util.Arrays.equals(g.shape(), network.params().shape()) ? g : g.reshape(network.params().shape());
        }
        return gradient;
    }

    @Override
    public double loss(INDArray features, INDArray labels) {
        return network.score(new DataSet(features, labels), false);
    }

    @Override
    public INDArray output(INDArray features) {
        return network.output(features, false);
    }

    @Override
    public List<DenseLayer> denseLayers() {
        List<DenseLayer> layers = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            var conf = layer.conf().getLayer();
            boolean dense = conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                    || conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer;
            if (!dense) {
                return List.of();
            }
            String activation = ((BaseLayer) conf).getActivationFn().toString().toLowerCase(java.util.Locale.ROOT);
            INDArray bias = layer.getParam("b");
            // DL4J holds the bias as [nOut] or [1, nOut]; the api promises [1, nOut] (a view either way).
            layers.add(new DenseLayer(layer.getParam("W"), bias.rank() == 2 ? bias : bias.reshape(1, bias.length()), activation));
        }
        return List.copyOf(layers);
    }

    @Override
    public String summary() {
        return description + ", " + network.numParams() + " parameters";
    }
}
