package descent.engine;

import static descent.engine.TrainingFixtures.dataset;
import static descent.engine.TrainingFixtures.optimizer;
import static descent.engine.TrainingFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.schedule.Schedules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast executor in real training runs against the DL4J executor from the same initialisation
 * and data order (Fashion-MNIST subsets, both seed-000 networks), and its determinism and resume.
 */
class ExecutorTests {

    private static final double LR = 0.01;

    private static Model model(String id, Dataset data, long seed, Executor executor) {
        ModelProvider p = provider(ModelProvider.class, id);
        Model m = p.create(new ModelSpec(data.featureShape(), data.classes(), seed), Hyperparameters.defaults("model '" + id + "'", p.hyperparameters()));
        return executor.apply(m).model();
    }

    private static List<EpochMetrics> sgd(String model, Dataset data, Executor executor, int epochs, Path checkpoint) {
        return Training.builder().model(model(model, data, 1, executor)).data(data)
                .optimizer("sgd", optimizer("sgd", Map.of())).schedule(Schedules.parse("constant", LR, epochs))
                .epochs(epochs).batchSize(64).seed(1).checkpointFile(checkpoint).build().run();
    }

    @Test
    void tenEpochsOfTheMlpReachTheTestAccuracyOfTheDl4jPath() {
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "10000", "test-limit", "5000"));
        List<EpochMetrics> fast = sgd("mlp", data, Executor.FAST, 10, null);
        List<EpochMetrics> dl4j = sgd("mlp", data, Executor.DL4J, 10, null);
        assertThat(fast.get(9).testAccuracy()).as("after 10 epochs: fast %s, dl4j %s", fast.get(9), dl4j.get(9))
                .isCloseTo(dl4j.get(9).testAccuracy(), org.assertj.core.api.Assertions.within(0.003));
        assertThat(fast.get(9).testAccuracy()).isGreaterThan(0.75);
    }

    @Test
    void tenEpochsOfLenetReachTheTestAccuracyOfTheDl4jPath() {
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "2000", "test-limit", "2000"));
        List<EpochMetrics> fast = sgd("lenet", data, Executor.FAST, 10, null);
        List<EpochMetrics> dl4j = sgd("lenet", data, Executor.DL4J, 10, null);
        assertThat(fast.get(9).testAccuracy()).as("after 10 epochs: fast %s, dl4j %s", fast.get(9), dl4j.get(9))
                .isCloseTo(dl4j.get(9).testAccuracy(), org.assertj.core.api.Assertions.within(0.003));
        assertThat(fast.get(9).testAccuracy()).isGreaterThan(0.6);
    }

    @Test
    void fastRunsAreDeterministicAndResumeExactly(@TempDir Path dir) {
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "1000", "test-limit", "500"));
        List<EpochMetrics> a = sgd("lenet", data, Executor.FAST, 3, dir.resolve("a.zip"));
        List<EpochMetrics> b = sgd("lenet", data, Executor.FAST, 3, null);
        assertThat(b).extracting(EpochMetrics::trainLoss).containsExactlyElementsOf(a.stream().map(EpochMetrics::trainLoss).toList());
        assertThat(b).extracting(EpochMetrics::testLoss).containsExactlyElementsOf(a.stream().map(EpochMetrics::testLoss).toList());

        sgd("lenet", data, Executor.FAST, 1, dir.resolve("c.zip"));
        var checkpoint = CheckpointFile.read(dir.resolve("c.zip"));
        List<EpochMetrics> resumed = Training.builder().model(model("lenet", data, 1, Executor.FAST)).data(data)
                .optimizer("sgd", optimizer("sgd", Map.of())).schedule(Schedules.parse("constant", LR, 3))
                .epochs(3).batchSize(64).seed(1).checkpointFile(dir.resolve("c.zip")).build().resume(checkpoint);
        assertThat(resumed).extracting(EpochMetrics::trainLoss).containsExactly(a.get(1).trainLoss(), a.get(2).trainLoss());
        assertThat(resumed).extracting(EpochMetrics::testAccuracy).containsExactly(a.get(1).testAccuracy(), a.get(2).testAccuracy());
    }

    @Test
    void aNetworkTheFastExecutorCannotRunFallsBackToDl4jAndSaysWhy() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Dl4jModel model = new Dl4jModel(net, "sigmoid net");
        Executor.Selection s = Executor.FAST.apply(model);
        assertThat(s.model()).isSameAs(model);
        assertThat(s.executor()).isEqualTo("dl4j");
        assertThat(s.note()).contains("layer 0 (DenseLayer)").contains("sigmoid").contains("the DL4J executor runs this model");
        assertThat(Executor.DL4J.apply(model).note()).isNull();
    }

    @Test
    void theSeedNetworksRunOnTheFastExecutor() {
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "100", "test-limit", "100"));
        for (String id : List.of("mlp", "lenet")) {
            ModelProvider p = provider(ModelProvider.class, id);
            Executor.Selection s = Executor.FAST.apply(p.create(new ModelSpec(data.featureShape(), data.classes(), 1),
                    Hyperparameters.defaults("model '" + id + "'", p.hyperparameters())));
            assertThat(s.executor()).as(id).isEqualTo("fast");
            assertThat(s.kernels()).as(id).startsWith("float32");
            assertThat(s.note()).isNull();
        }
    }

    @Test
    void anUnknownExecutorIsOneClearLine() {
        assertThatThrownBy(() -> Executor.parse("gpu")).isInstanceOf(DescentException.class)
                .hasMessage("--executor must be fast or dl4j, got 'gpu'");
    }
}
