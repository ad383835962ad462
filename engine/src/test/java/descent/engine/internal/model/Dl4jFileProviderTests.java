package descent.engine.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.model.Model;
import descent.api.model.ModelSpec;
import descent.engine.Executor;
import descent.engine.ModelFile;
import descent.engine.internal.fast.FastNetwork;
import descent.engine.plugins.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code --model dl4j:FILE} and {@code model.zip}: DL4J's own files in and out, and one line for each bad file. */
class Dl4jFileProviderTests {

    private static final ModelSpec SPEC = new ModelSpec(new int[] {12}, 3, 7);

    @TempDir
    Path dir;

    private static MultiLayerConfiguration conf(int in, int out, Activation last, LossFunctions.LossFunction loss, double l2) {
        var b = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new NoOp());
        if (l2 > 0) {
            b.l2(l2);
        }
        return b.list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(8).activation(Activation.RELU).weightInit(WeightInit.RELU).build())
                .layer(new OutputLayer.Builder(loss).nIn(8).nOut(out).activation(last).weightInit(WeightInit.XAVIER).build())
                .build();
    }

    private static MultiLayerConfiguration good() {
        return conf(12, 3, Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, 0);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Model create(Path file, ModelSpec spec) {
        return Registry.builder().build().model(Dl4jFileProvider.PREFIX + file).create(spec, Hyperparameters.of("model", List.of(), Map.of()));
    }

    @Test
    void aJsonOrYamlConfigurationBuildsThatNetworkInitialisedFromTheSeed() throws Exception {
        Model json = create(file("net.json", good().toJson()), SPEC);
        Model yaml = create(file("net.yaml", good().toYaml()), SPEC);
        Model again = create(dir.resolve("net.json"), SPEC);
        Model other = create(dir.resolve("net.json"), new ModelSpec(new int[] {12}, 3, 8));
        assertThat(json.parameters().length()).isEqualTo(12 * 8 + 8 + 8 * 3 + 3);
        assertThat(json.summary()).isEqualTo("dl4j net.json (2 layers), 131 parameters");
        assertThat(json.parameters()).isEqualTo(yaml.parameters()).isEqualTo(again.parameters());
        assertThat(json.parameters()).isNotEqualTo(other.parameters());
        assertThat(json.denseLayers()).hasSize(2);
        INDArray p = json.output(Nd4j.rand(DataType.FLOAT, 5, 12));
        assertThat(p.shape()).containsExactly(5, 3);
        assertThat(p.sum(1).getDouble(0)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void modelZipRoundTripsTheParametersOfTheFastExecutor() throws Exception {
        Model built = create(file("net.json", good().toJson()), SPEC);
        Executor.Selection fast = Executor.FAST.apply(built);
        assertThat(fast.model()).isInstanceOf(FastNetwork.class);
        Model model = fast.model();
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1);
        }
        for (int s = 0; s < 5; s++) {
            model.computeGradient(x, y);
            model.parameters().subi(model.gradient().mul(0.5));
        }
        Path zip = dir.resolve("model.zip");
        assertThat(ModelFile.write(model, zip)).isTrue();
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        assertThat(plain.params()).isEqualTo(model.parameters().reshape(plain.params().shape()));
        assertThat(plain.output(x).equalsWithEps(model.output(x), 1e-6)).isTrue();
        // and in again as --model dl4j:model.zip, from the saved weights
        Model back = create(zip, new ModelSpec(new int[] {12}, 3, 99));
        assertThat(back.parameters()).isEqualTo(plain.params());
    }

    @Test
    void modelsThatAreNotDl4jNetworksWriteNoFile() {
        Model other = new Model() {
            @Override public INDArray parameters() { return Nd4j.zeros(1); }
            @Override public double computeGradient(INDArray features, INDArray labels) { return 0; }
            @Override public INDArray gradient() { return Nd4j.zeros(1); }
            @Override public double loss(INDArray features, INDArray labels) { return 0; }
            @Override public INDArray output(INDArray features) { return features; }
            @Override public List<descent.api.model.DenseLayer> denseLayers() { return List.of(); }
            @Override public String summary() { return "other"; }
        };
        assertThat(ModelFile.write(other, dir.resolve("model.zip"))).isFalse();
        assertThat(dir.resolve("model.zip")).doesNotExist();
    }

    @Test
    void badFilesGetOneLineNamingTheFileAndTheFix() throws Exception {
        record Case(Path file, String message) { }
        List<Case> cases = List.of(
                new Case(dir.resolve("missing.json"), "does not exist"),
                new Case(file("net.txt", good().toJson()), "must end in .json or .yaml"),
                new Case(file("broken.json", "{\"confs\": 3"), "is not a DL4J MultiLayerConfiguration in JSON"),
                new Case(file("broken.yaml", "confs: [ {"), "is not a DL4J MultiLayerConfiguration in YAML"),
                new Case(file("broken.zip", "not a zip"), "is not a DL4J MultiLayerNetwork saved by ModelSerializer"),
                new Case(file("classes.json", conf(12, 5, Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, 0).toJson()),
                        "the network has 5 outputs, but the data set has 3 classes; set nOut of the output layer to 3"),
                new Case(file("inputs.json", conf(20, 3, Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, 0).toJson()),
                        "does not take the data set's rows of 12 features"),
                new Case(file("sigmoid.json", conf(12, 3, Activation.SIGMOID, LossFunctions.LossFunction.XENT, 0).toJson()),
                        "the last layer must be an output layer with softmax and the MCXENT loss"),
                new Case(file("l2.json", conf(12, 3, Activation.SOFTMAX, LossFunctions.LossFunction.MCXENT, 1e-4).toJson()),
                        "use --weight-decay"));
        for (Case c : cases) {
            assertThatThrownBy(() -> create(c.file(), SPEC)).as(c.file().toString())
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("'" + c.file() + "'")
                    .hasMessageContaining(c.message())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> Registry.builder().build().model("dl4j:")).isInstanceOf(DescentException.class)
                .hasMessageContaining("needs a file after the colon");
        assertThatThrownBy(() -> Registry.builder().build().model("dl4j").create(SPEC, Hyperparameters.of("model", List.of(), Map.of())))
                .isInstanceOf(DescentException.class).hasMessageContaining("give --model dl4j:FILE");
    }
}
