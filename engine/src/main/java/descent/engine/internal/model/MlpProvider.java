package descent.engine.internal.model;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import descent.api.model.Orthogonal;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code mlp}: a fully connected network with ReLU (or tanh) hidden layers (He initialisation by default), a softmax
 * output and the mean cross-entropy loss. {@code --hidden 64,32} (the default) gives seed 000's
 * 784-64-32-10 network on Fashion-MNIST.
 */
public final class MlpProvider implements ModelProvider {

    @Override
    public String id() {
        return "mlp";
    }

    @Override
    public String description() {
        return "fully connected ReLU (or tanh) network, softmax output, cross-entropy";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(Hyperparameter.text("hidden", "64,32", "hidden layer widths, comma-separated (e.g. 500,500,500)"),
                Hyperparameter.text("init", "he", "weight initialisation: he (normal, variance 2/fan-in), uniform (U(+-1/sqrt(fan-in)), PyTorch's default), xavier,"
                        + " orthogonal (random orthonormal columns or rows, zero biases; Lee et al. 2015)"),
                Hyperparameter.text("activation", "relu", "hidden-layer activation: relu or tanh"));
    }

    @Override
    public Model create(ModelSpec spec, Hyperparameters hp) {
        int[] hidden = parseWidths(hp.text("hidden"));
        String initName = hp.text("init").strip();
        boolean orthogonal = initName.equals("orthogonal");
        Activation act = activation(hp.text("activation"));
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec, hidden, orthogonal ? WeightInit.XAVIER : init(initName),
                new NoOp(), act));
        network.init();
        if (orthogonal) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(spec.seed() ^ 0x6F7274686F676F6EL);
            for (int i = 0; i < network.getnLayers(); i++) {
                INDArray w = network.getLayer(i).getParam("W");
                int rows = (int) w.size(0);
                int cols = (int) w.size(1);
                w.assign(Nd4j.create(Orthogonal.matrix(rows, cols, 1, random), new long[] {rows, cols}, 'c').castTo(w.dataType()));
                network.getLayer(i).getParam("b").assign(0);
            }
        }
        String shape = spec.features() + "-" + Arrays.stream(hidden).mapToObj(Integer::toString)
                .map(s -> s + "-").collect(Collectors.joining()) + spec.classes();
        return new Dl4jModel(network, "mlp " + shape);
    }

    /**
     * The DL4J configuration of the network. descent builds it with {@link NoOp} (its optimizer
     * moves the parameters); the benchmark builds the same network with DL4J's own updater.
     */
    public static MultiLayerConfiguration configuration(ModelSpec spec, int[] hidden, WeightInit init, IUpdater updater) {
        return configuration(spec, hidden, init, updater, Activation.RELU);
    }

    /** The configuration with another hidden activation. */
    public static MultiLayerConfiguration configuration(ModelSpec spec, int[] hidden, WeightInit init, IUpdater updater, Activation act) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(updater)
                .list();
        int in = spec.features();
        for (int width : hidden) {
            builder.layer(new DenseLayer.Builder().nIn(in).nOut(width)
                    .activation(act).weightInit(init).build());
            in = width;
        }
        builder.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(spec.classes())
                .activation(Activation.SOFTMAX).weightInit(init == WeightInit.RELU ? WeightInit.XAVIER : init).build());
        return builder.build();
    }

    /** The hidden activation for the {@code activation} hyperparameter. */
    static Activation activation(String name) {
        return switch (name.strip()) {
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            default -> throw new DescentException("hyperparameter 'activation' of model 'mlp' must be relu or tanh, got '" + name + "'");
        };
    }

    /** The DL4J initialisation for the {@code init} hyperparameter. */
    public static WeightInit init(String name) {
        return switch (name) {
            case "he" -> WeightInit.RELU;
            case "uniform" -> WeightInit.UNIFORM;
            case "xavier" -> WeightInit.XAVIER;
            default -> throw new DescentException("hyperparameter 'init' of model 'mlp' must be he, uniform, xavier or orthogonal, got '" + name + "'");
        };
    }

    /** Parses "64,32"; an empty string means no hidden layer (softmax regression). */
    public static int[] parseWidths(String text) {
        if (text.isBlank()) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                widths[i] = -1;
            }
            if (widths[i] < 1) {
                throw new DescentException("hyperparameter 'hidden' of model 'mlp' must be positive widths like 64,32, got '" + text + "'");
            }
        }
        return widths;
    }
}
