package descent.engine.internal.model;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

/**
 * {@code --model dl4j:FILE}: a network the user describes with DL4J itself, trained by any descent
 * optimizer or trainer.
 *
 * <ul>
 *   <li>{@code FILE.json}, {@code FILE.yaml} or {@code FILE.yml}: a {@link MultiLayerConfiguration}
 *       ({@code conf.toJson()}, {@code conf.toYaml()}), initialised from {@code --seed}.</li>
 *   <li>{@code FILE.zip}: a network saved by {@link ModelSerializer} (descent's own {@code model.zip}
 *       is one), which starts from its saved weights; {@code --seed} then only orders the batches.</li>
 * </ul>
 * The network must take the data set's flattened rows and end in a softmax output layer with the
 * cross-entropy (MCXENT or negative log-likelihood) over the data set's classes: descent's
 * optimizers minimise the mean cross-entropy, as for {@code mlp} and {@code lenet}. The
 * configuration's updater is not used (descent's optimizer moves the parameters), and
 * regularization in it is refused, since DL4J applies it in its updater: use
 * {@code --weight-decay}.
 */
public final class Dl4jFileProvider implements ModelProvider {

    /** The model id prefix: {@code dl4j:FILE}. */
    public static final String PREFIX = "dl4j:";

    private final Path file;

    /** The provider as listed: it needs a file, given as {@code dl4j:FILE}. */
    public Dl4jFileProvider() {
        this(null);
    }

    private Dl4jFileProvider(Path file) {
        this.file = file;
    }

    /** The provider for {@code dl4j:FILE}. */
    public static Dl4jFileProvider of(String file) {
        if (file.isBlank()) {
            throw new DescentException("--model dl4j: needs a file after the colon: dl4j:net.json, dl4j:net.yaml or dl4j:model.zip");
        }
        return new Dl4jFileProvider(Path.of(file.strip()));
    }

    @Override
    public String id() {
        return file == null ? "dl4j" : PREFIX + file;
    }

    @Override
    public String description() {
        return "dl4j:FILE, your own DL4J network: a MultiLayerConfiguration (.json, .yaml) or a ModelSerializer .zip (such as a run's model.zip)";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of();
    }

    @Override
    public Model create(ModelSpec spec, Hyperparameters hp) {
        if (file == null) {
            throw new DescentException("model 'dl4j' needs a file: give --model dl4j:FILE with a MultiLayerConfiguration (.json, .yaml) or a model .zip");
        }
        if (!Files.isRegularFile(file)) {
            throw new DescentException("model file '" + file + "' does not exist or is not a file; give --model dl4j:FILE with an existing .json, .yaml or .zip");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        MultiLayerNetwork network;
        if (name.endsWith(".zip")) {
            try {
                network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
            } catch (IOException | RuntimeException e) {
                throw fail("is not a DL4J MultiLayerNetwork saved by ModelSerializer", e);
            }
        } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
            MultiLayerConfiguration conf;
            try {
                String text = Files.readString(file);
                conf = name.endsWith(".json") ? MultiLayerConfiguration.fromJson(text) : MultiLayerConfiguration.fromYaml(text);
            } catch (IOException | RuntimeException e) {
                throw fail("is not a DL4J MultiLayerConfiguration in " + (name.endsWith(".json") ? "JSON" : "YAML"), e);
            }
            for (NeuralNetConfiguration c : conf.getConfs()) {
                c.setSeed(spec.seed());
            }
            network = new MultiLayerNetwork(conf);
            try {
                network.init();
            } catch (RuntimeException e) {
                throw fail("describes a network DL4J cannot build", e);
            }
        } else {
            throw new DescentException("model file '" + file + "' must end in .json or .yaml (a MultiLayerConfiguration) or .zip (a saved network)");
        }
        check(network, spec);
        return new Dl4jModel(network, "dl4j " + file.getFileName() + " (" + network.getnLayers() + " layers)");
    }

    private void check(MultiLayerNetwork network, ModelSpec spec) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int last = conf.getConfs().size() - 1;
        for (int i = 0; i <= last; i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (layer instanceof BaseLayer b && ((b.getRegularization() != null && !b.getRegularization().isEmpty())
                    || (b.getRegularizationBias() != null && !b.getRegularizationBias().isEmpty()))) {
                throw new DescentException("model file '" + file + "': layer " + i + " has regularization " + b.getRegularization()
                        + ", which DL4J applies in its updater and descent does not; remove it and use --weight-decay");
            }
        }
        Layer out = conf.getConf(last).getLayer();
        if (!(out instanceof BaseOutputLayer o) || !(o.getActivationFn() instanceof ActivationSoftmax)
                || !(o.getLossFn() instanceof LossMCXENT || o.getLossFn() instanceof LossNegativeLogLikelihood)) {
            throw new DescentException("model file '" + file + "': the last layer must be an output layer with softmax and the MCXENT loss"
                    + " (descent minimises the mean cross-entropy), got " + describe(out));
        }
        INDArray probe = Nd4j.zeros(network.params().dataType(), 2, spec.features());
        INDArray p;
        try {
            p = network.output(probe);
        } catch (RuntimeException e) {
            throw fail("does not take the data set's rows of " + spec.features() + " features", e);
        }
        if (p.rank() != 2 || p.size(1) != spec.classes()) {
            throw new DescentException("model file '" + file + "': the network has " + (p.rank() == 2 ? p.size(1) : -1)
                    + " outputs, but the data set has " + spec.classes() + " classes; set nOut of the output layer to " + spec.classes());
        }
    }

    private static String describe(Layer layer) {
        String kind = layer.getClass().getSimpleName();
        if (layer instanceof BaseOutputLayer o) {
            return kind + " with " + o.getActivationFn() + " and " + (o.getLossFn() == null ? "no loss" : o.getLossFn().name());
        }
        return kind;
    }

    private DescentException fail(String what, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return new DescentException("model file '" + file + "' " + what + ": " + message);
    }
}
