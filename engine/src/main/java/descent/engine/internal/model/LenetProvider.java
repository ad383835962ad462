package descent.engine.internal.model;

import descent.api.DescentException;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.Hyperparameters;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code lenet}: seed 000's seven-layer CNN (section 7.1): conv 5x5x6, max-pool 2, conv 5x5x16,
 * max-pool 2, conv 4x4x120, dense 84, dense 10 softmax, ReLU throughout. Needs 28x28 one-channel
 * images.
 */
public final class LenetProvider implements ModelProvider {

    @Override
    public String id() {
        return "lenet";
    }

    @Override
    public String description() {
        return "LeNet-style 7-layer CNN for 28x28 one-channel images (seed 000, ch. 7)";
    }

    @Override
    public Model create(ModelSpec spec, Hyperparameters hp) {
        int[] shape = spec.featureShape();
        if (shape.length != 3 || shape[0] != 1 || shape[1] != 28 || shape[2] != 28) {
            throw new DescentException("model 'lenet' needs 28x28 one-channel images, but the data set has features of shape "
                    + Arrays.toString(shape) + "; use --model mlp");
        }
        var conf = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(4, 4).nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(spec.classes())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return new Dl4jModel(network, "lenet 1x28x28 -> " + spec.classes());
    }
}
