package descent.engine.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import descent.api.Hyperparameters;
import descent.api.model.ModelSpec;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.internal.model.LenetProvider;
import descent.engine.internal.model.MlpProvider;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast executor against DL4J's backpropagation on the same parameters (loss, flat gradient
 * and probabilities), and against mathematics (central differences in double precision), for
 * every layer type it runs and for both seed networks.
 */
class FastNetworkTests {

    /** Relative error ‖a − b‖ / ‖b‖. */
    static double relative(INDArray a, INDArray b) {
        INDArray da = a.castTo(DataType.DOUBLE).reshape(-1);
        INDArray db = b.castTo(DataType.DOUBLE).reshape(-1);
        return da.sub(db).norm2Number().doubleValue() / Math.max(1e-30, db.norm2Number().doubleValue());
    }

    static INDArray[] batch(DataType type, int rows, int features, int classes, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(type, rows, features);
        INDArray y = Nd4j.zeros(type, rows, classes);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                x.putScalar(i, j, r.nextDouble());
            }
            y.putScalar(i, r.nextInt(classes), 1);
        }
        return new INDArray[] {x, y};
    }

    static Dl4jModel network(DataType type, long seed, Function<NeuralNetConfiguration.ListBuilder, NeuralNetConfiguration.ListBuilder> layers) {
        var builder = new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(new NoOp()).weightInit(WeightInit.RELU).list();
        MultiLayerNetwork net = new MultiLayerNetwork(layers.apply(builder).build());
        net.init();
        // DL4J initialises biases to 0; make them matter.
        Random r = new Random(seed);
        for (var layer : net.getLayers()) {
            INDArray b = layer.getParam("b");
            if (b != null) {
                for (int i = 0; i < b.length(); i++) {
                    b.putScalar(i, 0.1 * r.nextGaussian());
                }
            }
        }
        return new Dl4jModel(net, "test");
    }

    static Dl4jModel mlp(String hidden) {
        MlpProvider p = new MlpProvider();
        return (Dl4jModel) p.create(new ModelSpec(new int[] {784}, 10, 7),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), Map.of("hidden", hidden)));
    }

    static Dl4jModel lenet() {
        LenetProvider p = new LenetProvider();
        return (Dl4jModel) p.create(new ModelSpec(new int[] {1, 28, 28}, 10, 7), Hyperparameters.defaults("model 'lenet'", p.hyperparameters()));
    }

    /** Loss, gradient and probabilities of the fast plan and of DL4J on one batch agree to {@code tolerance}. */
    static void assertAgrees(Dl4jModel reference, INDArray x, INDArray y, double tolerance) {
        FastNetwork.Compiled c = FastNetwork.compile(reference);
        assertThat(c.reason()).isNull();
        FastNetwork fast = c.network();
        assertThat(fast.parameters()).isSameAs(reference.parameters());

        double expectedLoss = reference.computeGradient(x, y);
        INDArray expectedGradient = reference.gradient().dup();
        double loss = fast.computeGradient(x, y);
        assertThat(Math.abs(loss - expectedLoss) / Math.abs(expectedLoss)).as("loss %s vs %s", loss, expectedLoss).isLessThan(tolerance);
        assertThat(relative(fast.gradient(), expectedGradient)).as("gradient").isLessThan(tolerance);
        assertThat(Math.abs(fast.loss(x, y) - expectedLoss) / expectedLoss).as("loss without gradient").isLessThan(tolerance);
        assertThat(relative(fast.output(x), reference.output(x))).as("probabilities").isLessThan(tolerance);
    }

    @Test
    void seedMlpMatchesDl4jOnAFullBatchAndOnTheTail() {
        Dl4jModel model = mlp("64,32");
        INDArray[] full = batch(DataType.FLOAT, 64, 784, 10, 1);
        assertAgrees(model, full[0], full[1], 1e-5);
        INDArray[] tail = batch(DataType.FLOAT, 37, 784, 10, 2);
        assertAgrees(model, tail[0], tail[1], 1e-5);
    }

    @Test
    void lenetMatchesDl4jOnAFullBatchAndOnTheTail() {
        Dl4jModel model = lenet();
        INDArray[] full = batch(DataType.FLOAT, 64, 784, 10, 3);
        assertAgrees(model, full[0], full[1], 1e-5);
        INDArray[] tail = batch(DataType.FLOAT, 5, 784, 10, 4);
        assertAgrees(model, tail[0], tail[1], 1e-5);
    }

    @Test
    void lenetMatchesDl4jOnEveryKernelVariant() {
        // im2col and BLAS for every convolution (no Vector API direct path), then the
        // precision-generic kernels that double networks run
        for (String property : new String[] {"descent.fast.im2col", FastNetwork.GENERIC_PROPERTY}) {
            System.setProperty(property, "true");
            try {
                Dl4jModel model = lenet();
                INDArray[] b = batch(DataType.FLOAT, 19, 784, 10, 10);
                assertAgrees(model, b[0], b[1], 1e-5);
            } finally {
                System.clearProperty(property);
            }
        }
    }

    @Test
    void theFirstConvolutionRunsDirectlyWhereTheVectorApiIs() {
        FastNetwork fast = FastNetwork.compile(lenet()).network();
        assertThat(fast.kernels()).isEqualTo(VectorSupport.AVAILABLE ? "float32, Vector API direct convolution" : "float32");
        assertThat(fast.plan()).hasSize(7).first().asString().startsWith("conv 5x5x6");
    }

    @Test
    void rowBlocksOfOneBufferAreReadInPlace() {
        Dl4jModel model = mlp("16");
        INDArray[] all = batch(DataType.FLOAT, 100, 784, 10, 5);
        FastNetwork fast = FastNetwork.compile(model).network();
        for (int from : new int[] {0, 40, 80}) {
            INDArray x = all[0].get(NDArrayIndex.interval(from, Math.min(100, from + 40)), NDArrayIndex.all());
            INDArray y = all[1].get(NDArrayIndex.interval(from, Math.min(100, from + 40)), NDArrayIndex.all());
            double expected = model.computeGradient(x.dup(), y.dup());
            INDArray g = model.gradient().dup();
            assertThat(fast.computeGradient(x, y)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * expected));
            assertThat(relative(fast.gradient(), g)).isLessThan(1e-5);
        }
    }

    @Test
    void convolutionsWithStrideSamePaddingAndOtherActivationsMatchDl4j() {
        Dl4jModel model = network(DataType.FLOAT, 11, b -> b
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.LEAKYRELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(3, 3).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new ConvolutionLayer.Builder(2, 3).stride(1, 2).padding(1, 0).nOut(5).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1).build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(9, 11, 2)));
        INDArray[] b = batch(DataType.FLOAT, 13, 2 * 9 * 11, 3, 6);
        assertAgrees(model, b[0], b[1], 1e-5);
    }

    @Test
    void averagePoolingWithPaddingCountsOrSkipsThePadAsDl4jDoes() {
        for (boolean includePad : new boolean[] {true, false}) {
            Dl4jModel model = network(DataType.FLOAT, 12, b -> b
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                            .avgPoolIncludePadInDivisor(includePad).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(4).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutionalFlat(8, 8, 1)));
            INDArray[] b = batch(DataType.FLOAT, 9, 64, 4, 7);
            assertAgrees(model, b[0], b[1], 1e-5);
        }
    }

    @Test
    void batchesLargerThanAChunkSumTheChunksGradients() {
        Dl4jModel model = lenet();
        FastNetwork fast = FastNetwork.compile(model).network();
        int rows = fast.chunkRows() * 2 + 3;
        INDArray[] b = batch(DataType.FLOAT, rows, 784, 10, 8);
        assertAgrees(model, b[0], b[1], 1e-5);
    }

    @Test
    void evaluationRunsInTheBuffersOfTrainingAndNeverGrowsThemToAChunk() {
        Dl4jModel model = lenet();
        FastNetwork fast = FastNetwork.compile(model).network();
        assertThat(fast.chunkRows()).isGreaterThan(FastNetwork.EVALUATION_ROWS);
        INDArray[] test = batch(DataType.FLOAT, 700, 784, 10, 11);
        INDArray expected = model.output(test[0]);
        assertThat(relative(fast.output(test[0]), expected)).isLessThan(1e-5);
        assertThat(fast.allocatedRows()).isEqualTo(FastNetwork.EVALUATION_ROWS);
        INDArray[] train = batch(DataType.FLOAT, 32, 784, 10, 12);
        fast.computeGradient(train[0], train[1]);
        double loss = model.loss(test[0], test[1]);
        assertThat(Math.abs(fast.loss(test[0], test[1]) - loss) / loss).isLessThan(1e-5);
        assertThat(fast.allocatedRows()).isEqualTo(FastNetwork.EVALUATION_ROWS);
        INDArray[] big = batch(DataType.FLOAT, 100, 784, 10, 13);
        fast.computeGradient(big[0], big[1]);
        assertThat(fast.allocatedRows()).isEqualTo(100);
        assertThat(relative(fast.output(test[0]), expected)).isLessThan(1e-5);
    }

    @Test
    void gradientMatchesCentralDifferencesInDoublePrecision() {
        Dl4jModel model = network(DataType.DOUBLE, 13, b -> b
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(2, 2).stride(1, 1).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.LEAKYRELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(1, 1).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(9, 9, 2)));
        FastNetwork fast = FastNetwork.compile(model).network();
        INDArray[] b = batch(DataType.DOUBLE, 6, 2 * 81, 3, 9);
        fast.computeGradient(b[0], b[1]);
        INDArray g = fast.gradient().dup();
        INDArray theta = fast.parameters();
        double eps = 1e-6;
        double worst = 0;
        for (int i = 0; i < theta.length(); i++) {
            double t = theta.getDouble(i);
            theta.putScalar(i, t + eps);
            double plus = fast.loss(b[0], b[1]);
            theta.putScalar(i, t - eps);
            double minus = fast.loss(b[0], b[1]);
            theta.putScalar(i, t);
            double numeric = (plus - minus) / (2 * eps);
            double analytic = g.getDouble(i);
            worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic)));
        }
        // Central differences are O(eps²) accurate; a kink of ReLU or max-pooling within eps of a
        // parameter would show as a large error, and none occurs at this seed.
        assertThat(worst).as("worst relative error over %d parameters", theta.length()).isLessThan(1e-6);
    }

    @Test
    void unsupportedLayersAreNamedAndLeftToDl4j() {
        Dl4jModel model = network(DataType.FLOAT, 14, b -> b
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build()));
        FastNetwork.Compiled c = FastNetwork.compile(model);
        assertThat(c.ok()).isFalse();
        assertThat(c.reason()).contains("layer 0 (DenseLayer)").contains("sigmoid");
        Dl4jModel mse = network(DataType.FLOAT, 14, b -> b
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build()));
        assertThat(FastNetwork.compile(mse).reason()).contains("dropout");
    }
}
