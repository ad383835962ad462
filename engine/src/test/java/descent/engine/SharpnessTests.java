package descent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The sharpness against mathematics: the closed-form Hessian of softmax regression, the difference scheme's order, and no effect on training. */
class SharpnessTests {

    private static final Dataset SOYBEAN = TrainingFixtures.dataset("soybean-small", 1, Map.of());

    /** Softmax regression (no hidden layer) or one tanh layer, in double, on the soybean features. */
    private static Dl4jModel network(int hidden, DataType type) {
        int in = SOYBEAN.featureShape()[0];
        int classes = SOYBEAN.classes();
        var b = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(new NoOp()).list();
        int last = in;
        if (hidden > 0) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.TANH).weightInit(WeightInit.XAVIER).build());
            last = hidden;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(last).nOut(classes).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return new Dl4jModel(net, "test");
    }

    private static INDArray x(DataType type) {
        return SOYBEAN.train().features().castTo(type);
    }

    private static INDArray y(DataType type) {
        return SOYBEAN.train().labels().castTo(type);
    }

    /**
     * The Hessian of the mean cross-entropy of softmax(xW + b) in DL4J's parameter order (W
     * column-major, then b): (1/N) Σ_k (diag p_k − p_k p_kᵀ) ⊗ x̃_k x̃_kᵀ with x̃ = [x; 1].
     */
    private static double[][] closedFormHessian(Model model, INDArray x) {
        INDArray p = model.output(x).castTo(DataType.DOUBLE);
        int n = (int) x.size(0);
        int d = (int) x.size(1);
        int c = (int) p.size(1);
        int size = (d + 1) * c;
        double[][] h = new double[size][size];
        for (int k = 0; k < n; k++) {
            double[] xt = new double[d + 1];
            for (int i = 0; i < d; i++) {
                xt[i] = x.getDouble(k, i);
            }
            xt[d] = 1;
            for (int a = 0; a < c; a++) {
                for (int b = 0; b < c; b++) {
                    double s = (a == b ? p.getDouble(k, a) : 0) - p.getDouble(k, a) * p.getDouble(k, b);
                    for (int i = 0; i <= d; i++) {
                        int row = i < d ? i + a * d : d * c + a;
                        for (int j = 0; j <= d; j++) {
                            int col = j < d ? j + b * d : d * c + b;
                            h[row][col] += s * xt[i] * xt[j] / n;
                        }
                    }
                }
            }
        }
        return h;
    }

    @Test
    void matchesTheTopEigenvalueOfTheClosedFormHessianOfSoftmaxRegression() {
        Dl4jModel model = network(0, DataType.DOUBLE);
        // a few plain gradient steps, away from the symmetric start
        for (int s = 0; s < 20; s++) {
            model.computeGradient(x(DataType.DOUBLE), y(DataType.DOUBLE));
            model.parameters().subi(model.gradient().mul(0.5));
        }
        double[][] h = closedFormHessian(model, x(DataType.DOUBLE));
        INDArray eig = Eigen.symmetricGeneralizedEigenvalues(Nd4j.create(h));
        double exact = eig.maxNumber().doubleValue();
        double trace = 0;
        for (int i = 0; i < h.length; i++) {
            trace += h[i][i];
        }
        assertThat(eig.sumNumber().doubleValue()).as("the eigendecomposition is of this matrix").isCloseTo(trace, within(1e-9 * trace));

        INDArray before = model.parameters().dup();
        Sharpness.Result r = Sharpness.topEigenvalue(model, x(DataType.DOUBLE), y(DataType.DOUBLE), 500, 1e-12, 7);
        assertThat(r.lambda()).isCloseTo(exact, within(1e-6 * exact));
        assertThat(r.relativeError()).as("measured error of the difference scheme").isLessThan(1e-6);
        assertThat(r.gradientEvaluations()).isEqualTo(2L * r.iterations() + 4);
        assertThat(model.parameters()).as("the parameters are restored bit for bit").isEqualTo(before);
        INDArray gradientAfter = model.gradient().dup();
        model.computeGradient(x(DataType.DOUBLE), y(DataType.DOUBLE));
        assertThat(gradientAfter).as("the gradient buffer holds the gradient at the parameters").isEqualTo(model.gradient());
    }

    @Test
    void hutchinsonsTraceMatchesTheClosedFormHessiansTraceWithinItsStandardError() {
        Dl4jModel model = network(0, DataType.DOUBLE);
        double[][] h = closedFormHessian(model, x(DataType.DOUBLE));
        double exact = 0;
        for (int i = 0; i < h.length; i++) {
            exact += h[i][i];
        }
        INDArray before = model.parameters().dup();
        double[] t = Sharpness.trace(model, x(DataType.DOUBLE), y(DataType.DOUBLE), 400, 9);
        assertThat(t[1]).as("standard error").isPositive().isLessThan(0.05 * exact);
        assertThat(t[0]).isCloseTo(exact, within(4 * t[1]));
        assertThat(t[2]).isEqualTo(801);
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void theDifferenceSchemeIsSecondOrderAndTheProductSymmetric() {
        Dl4jModel model = network(12, DataType.DOUBLE);
        INDArray x = x(DataType.DOUBLE);
        INDArray y = y(DataType.DOUBLE);
        INDArray theta = model.parameters().dup();
        INDArray v = Nd4j.rand(DataType.DOUBLE, theta.shape()).subi(0.5);
        v.divi(v.norm2Number());
        INDArray w = Nd4j.rand(DataType.DOUBLE, theta.shape()).subi(0.5);
        w.divi(w.norm2Number());
        // reference: Richardson's extrapolation of two small steps (error O(h^4))
        double h0 = 1e-3;
        INDArray fine = Sharpness.hvp(model, x, y, theta, v, h0 / 8);
        INDArray finer = Sharpness.hvp(model, x, y, theta, v, h0 / 16);
        INDArray reference = finer.mul(4).subi(fine).divi(3);
        double[] errors = new double[4];
        double[] steps = {0.16, 0.08, 0.04, 0.02};
        for (int i = 0; i < steps.length; i++) {
            errors[i] = Sharpness.hvp(model, x, y, theta, v, steps[i]).subi(reference).norm2Number().doubleValue();
        }
        for (int i = 1; i < steps.length; i++) {
            double order = Math.log(errors[i - 1] / errors[i]) / Math.log(2);
            assertThat(order).as("measured order between h = %s and %s (errors %s, %s)", steps[i - 1], steps[i], errors[i - 1], errors[i])
                    .isBetween(1.8, 2.2);
        }
        double vHw = v.mul(Sharpness.hvp(model, x, y, theta, w, 1e-3)).sumNumber().doubleValue();
        double wHv = w.mul(Sharpness.hvp(model, x, y, theta, v, 1e-3)).sumNumber().doubleValue();
        assertThat(vHw).as("the Hessian is symmetric").isCloseTo(wHv, within(1e-6 * Math.abs(wHv) + 1e-9));
        assertThat(model.parameters()).isEqualTo(theta);
    }

    @Test
    void inFloatOnTheFastExecutorItAgreesWithDoubleAndSaysHowAccurateItIs() {
        Dl4jModel wide = network(12, DataType.DOUBLE);
        Dl4jModel single = network(12, DataType.FLOAT);
        single.parameters().assign(wide.parameters().castTo(DataType.FLOAT));
        Model fast = Executor.FAST.apply(single).model();
        Sharpness.Result d = Sharpness.topEigenvalue(wide, x(DataType.DOUBLE), y(DataType.DOUBLE), 300, 1e-9, 5);
        Sharpness.Result f = Sharpness.topEigenvalue(fast, x(DataType.FLOAT), y(DataType.FLOAT), 300, 1e-6, 5);
        // float gradients: agreement to a few parts in a thousand, and the reported error is of that order, not double's
        assertThat(f.lambda()).isCloseTo(d.lambda(), within(5e-3 * d.lambda()));
        assertThat(f.relativeError()).isBetween(1e-6, 1e-2);
        assertThat(d.relativeError()).isLessThan(f.relativeError());
        assertThat(f.step()).isGreaterThan(d.step());
    }

    @Test
    void aMeasuredRunTrainsExactlyAsAnUnmeasuredOneAndCountsTheCostApart() {
        List<EpochMetrics> plain = run(false);
        List<EpochMetrics> measured = run(true);
        for (int e = 0; e < plain.size(); e++) {
            EpochMetrics a = plain.get(e);
            EpochMetrics b = measured.get(e);
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.testLoss()).isEqualTo(a.testLoss());
            assertThat(b.gradientEvaluations()).as("diagnostic evaluations are not training's").isEqualTo(a.gradientEvaluations());
            boolean due = (e + 1) % 2 == 0;
            double lambda = b.diagnostics().get("sharpness");
            if (due) {
                assertThat(lambda).isPositive();
                assertThat(b.diagnostics().get("stability_ratio")).isCloseTo(0.3 * lambda / (2 + 2 * 0.9), within(1e-12));
                assertThat(b.diagnostics().get("sharpness_evaluations")).isGreaterThan(4);
            } else {
                assertThat(lambda).isNaN();
                assertThat(b.diagnostics().get("sharpness_evaluations")).isZero();
            }
        }
    }

    @Test
    void stepWiseMeasurementsComeAtTheirStepsAndDoNotChangeTraining() {
        List<EpochMetrics> plain = run(false);
        List<long[]> at = new java.util.ArrayList<>();
        Model model = TrainingFixtures.mlp(SOYBEAN, "16", 2);
        List<EpochMetrics> measured = Training.builder().model(model).data(SOYBEAN).optimizer("momentum", TrainingFixtures.optimizer("momentum", Map.of()))
                .schedule(Schedules.parse("constant", 0.3, 4)).epochs(4).batchSize(8).seed(2).sharpnessSteps(3, 15).diagnosticsSubset(30)
                .listener(new TrainingListener() {
                    @Override
                    public void sharpnessMeasured(long step, int epoch, Map<String, Double> values) {
                        assertThat(values.get("sharpness")).isPositive();
                        at.add(new long[] {step, epoch});
                    }
                }).build().run();
        int steps = (int) Math.ceil(SOYBEAN.train().size() / 8.0);
        assertThat(at).isNotEmpty();
        for (long[] a : at) {
            assertThat(a[0] % 3).isZero();
            assertThat(a[1]).isEqualTo((a[0] - 1) / steps + 1);
        }
        assertThat(at).hasSize(4 * steps / 3);
        for (int e = 0; e < plain.size(); e++) {
            assertThat(measured.get(e).trainLoss()).isEqualTo(plain.get(e).trainLoss());
            assertThat(measured.get(e).testLoss()).isEqualTo(plain.get(e).testLoss());
        }
    }

    private static List<EpochMetrics> run(boolean measure) {
        Model model = TrainingFixtures.mlp(SOYBEAN, "16", 2);
        Training.Builder b = Training.builder().model(model).data(SOYBEAN).optimizer("momentum", TrainingFixtures.optimizer("momentum", Map.of()))
                .schedule(Schedules.parse("constant", 0.3, 4)).epochs(4).batchSize(8).seed(2);
        if (measure) {
            b.sharpness(2, 15).diagnosticsSubset(30);
        }
        return b.build().run();
    }
}
