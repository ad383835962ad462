package descent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The gradient noise against mathematics: on softmax regression the per-example gradients are
 * known in closed form, {@code g_k = (p_k − y_k) ⊗ [x_k; 1]}, so the per-example covariance trace
 * is exact; the estimate from random mini-batches must match it and the finite-population law
 * {@code E‖g_B − G‖² = (tr Σ / B)(M − B)/M}.
 */
class GradientNoiseTests {

    private static final Dataset SOYBEAN = TrainingFixtures.dataset("soybean-small", 1, Map.of());

    private static Dl4jModel softmaxRegression() {
        int in = SOYBEAN.featureShape()[0];
        var conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(SOYBEAN.classes()).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new Dl4jModel(net, "test");
    }

    private static INDArray x() {
        return SOYBEAN.train().features().castTo(DataType.DOUBLE);
    }

    private static INDArray y() {
        return SOYBEAN.train().labels().castTo(DataType.DOUBLE);
    }

    /** {tr Σ, ‖G‖²} from the closed-form per-example gradients of the mean cross-entropy. */
    private static double[] closedForm(Model model, INDArray x, INDArray y) {
        INDArray p = model.output(x).castTo(DataType.DOUBLE);
        int m = (int) x.size(0);
        int d = (int) x.size(1);
        int c = (int) p.size(1);
        double[][] g = new double[m][(d + 1) * c];
        double[] mean = new double[(d + 1) * c];
        for (int k = 0; k < m; k++) {
            for (int a = 0; a < c; a++) {
                double r = p.getDouble(k, a) - y.getDouble(k, a);
                for (int i = 0; i < d; i++) {
                    g[k][a * (d + 1) + i] = r * x.getDouble(k, i);
                }
                g[k][a * (d + 1) + d] = r;
            }
            for (int q = 0; q < mean.length; q++) {
                mean[q] += g[k][q] / m;
            }
        }
        double sum = 0;
        for (double[] gk : g) {
            for (int q = 0; q < mean.length; q++) {
                sum += (gk[q] - mean[q]) * (gk[q] - mean[q]);
            }
        }
        double norm = 0;
        for (double v : mean) {
            norm += v * v;
        }
        return new double[] {sum / (m - 1), norm};
    }

    @Test
    void theExactTraceFromTheModelsOwnPerExampleGradientsIsTheClosedForm() {
        Dl4jModel model = softmaxRegression();
        double[] exact = closedForm(model, x(), y());
        double[] measured = GradientNoise.exactTrace(model, x(), y());
        assertThat(exact[0]).isPositive();
        assertThat(measured[0]).isCloseTo(exact[0], within(1e-10 * exact[0]));
        assertThat(measured[1]).isCloseTo(exact[1], within(1e-10 * exact[1]));
    }

    @Test
    void theMiniBatchNoiseFollowsTheFinitePopulationLawAndEstimatesTheTrace() {
        Dl4jModel model = softmaxRegression();
        double[] exact = closedForm(model, x(), y());
        int m = (int) x().size(0);
        INDArray before = model.parameters().dup();
        for (int batch : new int[] {1, 4, m / 2, m - 1}) {
            GradientNoise.Result r = GradientNoise.measure(model, x(), y(), batch, 4000, 11 + batch);
            double expected = exact[0] / batch * (m - batch) / m;
            // 4000 draws: the mean of ‖g_B − G‖² is within a few per cent of its expectation
            assertThat(r.batchNoise()).as("batch %d", batch).isCloseTo(expected, within(0.06 * expected));
            assertThat(r.trace()).as("batch %d", batch).isCloseTo(exact[0], within(0.06 * exact[0]));
            assertThat(r.gradientNormSquared()).isCloseTo(exact[1], within(1e-10 * exact[1]));
            assertThat(r.noiseScale()).isCloseTo(exact[0] / exact[1], within(0.06 * exact[0] / exact[1]));
            assertThat(r.gradientEvaluations()).isEqualTo(4001);
        }
        assertThat(model.parameters()).as("parameters untouched").isEqualTo(before);
    }

    @Test
    void theSameSeedDrawsTheSameBatchesAndABatchAsLargeAsTheSetIsRefused() {
        Dl4jModel model = softmaxRegression();
        int m = (int) x().size(0);
        GradientNoise.Result a = GradientNoise.measure(model, x(), y(), 5, 20, 7);
        GradientNoise.Result b = GradientNoise.measure(model, x(), y(), 5, 20, 7);
        GradientNoise.Result c = GradientNoise.measure(model, x(), y(), 5, 20, 8);
        assertThat(b.batchNoise()).isEqualTo(a.batchNoise());
        assertThat(c.batchNoise()).isNotEqualTo(a.batchNoise());
        assertThatThrownBy(() -> GradientNoise.measure(model, x(), y(), m, 20, 7)).hasMessageContaining("batch size " + m);
    }

    @Test
    void aMeasuredRunTrainsExactlyAsAnUnmeasuredOneAndRecordsTheNoiseApart() {
        List<EpochMetrics> plain = run(false);
        List<EpochMetrics> measured = run(true);
        for (int e = 0; e < plain.size(); e++) {
            EpochMetrics a = plain.get(e);
            EpochMetrics b = measured.get(e);
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.testLoss()).isEqualTo(a.testLoss());
            assertThat(b.gradientEvaluations()).isEqualTo(a.gradientEvaluations());
            assertThat(b.diagnostics().get("temperature")).isEqualTo(0.3 / 8);
            if ((e + 1) % 2 == 0) {
                assertThat(b.diagnostics().get("gradient_noise")).isPositive();
                assertThat(b.diagnostics().get("noise_scale")).isPositive();
                assertThat(b.diagnostics().get("noise_evaluations")).isEqualTo(17);
            } else {
                assertThat(b.diagnostics().get("gradient_noise")).isNaN();
                assertThat(b.diagnostics().get("noise_evaluations")).isZero();
            }
        }
    }

    private static List<EpochMetrics> run(boolean measure) {
        Model model = TrainingFixtures.mlp(SOYBEAN, "16", 2);
        Training.Builder b = Training.builder().model(model).data(SOYBEAN).optimizer("sgd", TrainingFixtures.optimizer("sgd", Map.of()))
                .schedule(Schedules.parse("constant", 0.3, 4)).epochs(4).batchSize(8).seed(2);
        if (measure) {
            b.gradientNoise(2, 16).diagnosticsSubset(30);
        }
        return b.build().run();
    }
}
