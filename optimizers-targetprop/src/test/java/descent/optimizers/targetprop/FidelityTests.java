package descent.optimizers.targetprop;

import static descent.optimizers.targetprop.Fixtures.dataset;
import static descent.optimizers.targetprop.Fixtures.mlp;
import static descent.optimizers.targetprop.Fixtures.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.api.data.Dataset;
import descent.api.model.Model;
import descent.api.optim.EpochPlan;
import descent.api.train.Batch;
import descent.api.train.Trainer;
import descent.engine.EpochMetrics;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The changes of issue 13 against the mathematics: Lee's first target, the frozen control, the layer optimizers, the literal line search. */
class FidelityTests {

    @Test
    void leesFirstTargetIsTheLastHiddenLayerMinusEtaHatTimesTheGradientOfTheMeanLoss() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 7;
        INDArray h = Fixtures.gaussian(r, n, 4, 1);
        INDArray w = Fixtures.gaussian(r, 4, 3, 0.5);
        INDArray b = Fixtures.gaussian(r, 1, 3, 0.2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int k = 0; k < n; k++) {
            y.putScalar(k, k % 3, 1);
        }
        INDArray p = Transforms.softmax(h.mmul(w).addiRowVector(b), true);
        double etaHat = 0.328;
        INDArray target = TargetPropTrainer.lastHiddenTarget(h, p.sub(y), w, etaHat / n);
        // Central differences of the mean cross-entropy with respect to each h_kj.
        double eps = 1e-6;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 4; j++) {
                INDArray up = h.dup();
                INDArray down = h.dup();
                up.putScalar(k, j, h.getDouble(k, j) + eps);
                down.putScalar(k, j, h.getDouble(k, j) - eps);
                double grad = (meanCrossEntropy(up, w, b, y) - meanCrossEntropy(down, w, b, y)) / (2 * eps);
                assertThat(target.getDouble(k, j)).isCloseTo(h.getDouble(k, j) - etaHat * grad, within(1e-8));
            }
        }
    }

    private static double meanCrossEntropy(INDArray h, INDArray w, INDArray b, INDArray y) {
        INDArray logp = Transforms.log(Transforms.softmax(h.mmul(w).addiRowVector(b), true), false);
        return -logp.mul(y).sumNumber().doubleValue() / h.size(0);
    }

    @Test
    void theFrozenControlLeavesEveryHiddenWeightBitIdenticalAndTrainsTheOutputLayer() {
        Dataset data = dataset("soybean-small", 6, Map.of());
        for (String id : List.of("tp-online", "tp-batch", "tp-linesearch", "dtp", "dtp-thesis")) {
            Model model = mlp(data, "16,16", 6);
            INDArray[] before = new INDArray[3];
            INDArray[] biasBefore = new INDArray[3];
            for (int i = 0; i < 3; i++) {
                before[i] = model.denseLayers().get(i).weights().dup();
                biasBefore[i] = model.denseLayers().get(i).bias().dup();
            }
            List<EpochMetrics> metrics = Fixtures.train(model, data, id, trainer(id, Map.of("freeze-hidden", "true")), 4, 10, 0.05, 6);
            for (int i = 0; i < 2; i++) {
                // bit for bit: every element's double (floats widen exactly), not ND4J's equality within an epsilon
                assertThat(Rows.doubles(model.denseLayers().get(i).weights())).as("%s layer %d", id, i + 1)
                        .containsExactly(Rows.doubles(before[i]));
                assertThat(Rows.doubles(model.denseLayers().get(i).bias().reshape(1, biasBefore[i].length())))
                        .as("%s layer %d bias", id, i + 1).containsExactly(Rows.doubles(biasBefore[i].reshape(1, biasBefore[i].length())));
                assertThat(metrics.get(3).diagnostics().get("layer" + (i + 1) + "_moved")).as(id).isEqualTo(0.0);
            }
            assertThat(model.denseLayers().get(2).weights()).as(id).isNotEqualTo(before[2]);
            assertThat(metrics.get(3).diagnostics().get("layer3_moved")).as(id).isPositive();
            assertThat(metrics.get(3).trainLoss()).as(id).isLessThan(metrics.get(0).trainLoss());
        }
    }

    @Test
    void movedIsTheDistanceFromTheInitialisationRelativeToItsNorm() {
        Dataset data = dataset("soybean-small", 7, Map.of());
        Model model = mlp(data, "12,12", 7);
        INDArray w0 = model.denseLayers().get(0).weights().castTo(DataType.DOUBLE).dup();
        List<EpochMetrics> metrics = Fixtures.train(model, data, "tp-batch", trainer("tp-batch", Map.of("rate-mode", "unit")), 2, 10, 0.05, 7);
        INDArray w = model.denseLayers().get(0).weights().castTo(DataType.DOUBLE);
        double expected = w.sub(w0).norm2Number().doubleValue() / w0.norm2Number().doubleValue();
        assertThat(metrics.get(1).diagnostics().get("layer1_moved")).isCloseTo(expected, within(1e-6 * expected + 1e-12)).isPositive();
    }

    @Test
    void aLayerSteppedBySgdThroughTheCatalogueIsThePlainGradientStep() {
        // The optimizer path (flat [W, b], Step, oracle) against w - lr * grad computed directly.
        SplittableRandom r = new SplittableRandom(8);
        INDArray x = Fixtures.gaussian(r, 20, 5, 1);
        INDArray t = Fixtures.gaussian(r, 20, 4, 1);
        INDArray w = Fixtures.gaussian(r, 5, 4, 0.4);
        INDArray b = Fixtures.gaussian(r, 1, 4, 0.1);
        INDArray w2 = w.dup();
        INDArray b2 = b.dup();
        for (Activation act : Activation.values()) {
            LayerOptimizer sgd = new LayerOptimizer(Fixtures.OPTIMIZERS.create("sgd", "test"), 5, 4);
            LayerOptimizer.Objective objective = LayerOptimizer.squared(x, t, act);
            INDArray[] g = new INDArray[2];
            objective.evaluate(w2, b2, g);
            INDArray expectedW = w2.sub(g[0].mul(0.1));
            INDArray expectedB = b2.sub(g[1].mul(0.1));
            LocalStep.Result result = sgd.step(w, b, objective, 0.1, 0, 0, 20);
            assertThat(w.sub(expectedW).amaxNumber().doubleValue()).as("%s", act).isLessThan(1e-12);
            assertThat(b.sub(expectedB).amaxNumber().doubleValue()).as("%s", act).isLessThan(1e-12);
            assertThat(result.deltaWeights().add(w2).sub(w).amaxNumber().doubleValue()).isLessThan(1e-12);
            w2.assign(w);
            b2.assign(b);
        }
    }

    @Test
    void theSquaredLossGradientOfEveryActivationMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(9);
        INDArray x = Fixtures.gaussian(r, 12, 3, 1);
        INDArray t = Fixtures.gaussian(r, 12, 2, 1);
        INDArray w = Fixtures.gaussian(r, 3, 2, 0.7);
        INDArray b = Fixtures.gaussian(r, 1, 2, 0.3);
        for (Activation act : Activation.values()) {
            LayerOptimizer.Objective f = LayerOptimizer.squared(x, t, act);
            INDArray[] g = new INDArray[2];
            f.evaluate(w, b, g);
            double eps = 1e-6;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    INDArray up = w.dup();
                    INDArray down = w.dup();
                    up.putScalar(i, j, w.getDouble(i, j) + eps);
                    down.putScalar(i, j, w.getDouble(i, j) - eps);
                    double fd = (f.evaluate(up, b, new INDArray[2]) - f.evaluate(down, b, new INDArray[2])) / (2 * eps);
                    assertThat(g[0].getDouble(i, j)).as("%s dW[%d,%d]", act, i, j).isCloseTo(fd, within(1e-6));
                }
            }
        }
    }

    @Test
    void literalLineSearchKeepsHalvedRatesAcrossStepsAndResumesThem() {
        Dataset data = dataset("soybean-small", 10, Map.of());
        Model model = mlp(data, "16,16", 10);
        Trainer t = trainer("tp-linesearch", Map.of("tp-literal-linesearch", "true", "initial-rate", "4"));
        t.initialize(model, 10);
        INDArray x = data.train().features();
        INDArray y = data.train().labels();
        double[] last = {4, 4, 4};
        for (int s = 0; s < 6; s++) {
            t.beforeEpoch(new EpochPlan(s, 6, 0.1, 40));
            t.train(new Batch(x, y));
            Map<String, Double> d = t.epochDiagnostics();
            for (int i = 0; i < 3; i++) {
                double rate = d.get("layer" + (i + 1) + "_lr");
                assertThat(rate).as("layer %d step %d", i + 1, s).isLessThanOrEqualTo(last[i] / 2);
                last[i] = rate;
            }
        }
        var state = t.exportState();
        assertThat(state.numbers()).containsKeys("layer1_rate", "layer3_rate", "inverse1_rate");
        assertThat(state.number("layer3_rate")).isEqualTo(last[2]);
    }

    @Test
    void leeDtpTrainsATanhNetWithOrthogonalWeightsAndRmsprop() {
        Dataset data = dataset("soybean-small", 11, Map.of());
        Model model = Fixtures.mlp(data, Map.of("hidden", "30,30", "activation", "tanh", "init", "orthogonal"), 11);
        INDArray w1 = model.denseLayers().get(0).weights().castTo(DataType.DOUBLE);
        // 35 x 30, tall: orthonormal columns.
        assertThat(w1.transpose().mmul(w1).sub(Nd4j.eye(30).castTo(DataType.DOUBLE)).amaxNumber().doubleValue()).isLessThan(1e-5);
        List<EpochMetrics> metrics = Fixtures.train(model, data, "dtp", trainer("dtp", Map.of()), 60, 10, 0.0149, 11);
        assertThat(metrics.get(59).trainLoss()).isLessThan(0.5 * metrics.get(0).trainLoss());
        assertThat(Fixtures.trainAccuracy(model, data)).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.get(59).diagnostics()).containsKeys("layer1_inverse_loss", "layer1_moved").doesNotContainKey("layer2_inverse_loss");
    }

    @Test
    void dtpTakesAnyOptimizerForLayersAndInversesAndExportsTheirState() {
        Dataset data = dataset("soybean-small", 12, Map.of());
        Map<String, String> options = Map.of("forward-optimizer", "adam:beta1=0.8", "inverse-optimizer", "momentum:momentum=0.5");
        Model model = mlp(data, "16,16", 12);
        List<EpochMetrics> metrics = Fixtures.train(model, data, "dtp", trainer("dtp", options), 30, 10, 0.01, 12);
        assertThat(metrics.get(29).trainLoss()).isLessThan(0.5 * metrics.get(0).trainLoss());

        Trainer t = trainer("dtp", options);
        t.initialize(mlp(data, "16,16", 12), 12);
        t.beforeEpoch(new EpochPlan(0, 1, 0.01, 40));
        t.train(new Batch(data.train().features(), data.train().labels()));
        var state = t.exportState();
        // One state per layer (DL4J keeps Adam's two moments in one view), the momentum's velocity for the one inverse.
        assertThat(state.arrays().keySet().stream().filter(k -> k.startsWith("layer") && k.contains("_optimizer/"))).hasSize(3);
        assertThat(state.arrays().keySet().stream().filter(k -> k.startsWith("inverse1_optimizer/"))).hasSize(1);
    }

    @Test
    void leeDtpBeatsTheThesisDtpOnAFashionMnistSubset() {
        assumeTrue(Files.isDirectory(Fixtures.FASHION), "Fashion-MNIST is not installed in " + Fixtures.FASHION + "; skipping");
        Dataset data = dataset("fashion-mnist", 1, Map.of("train-limit", "5000", "test-limit", "2000"));
        Model lee = mlp(data, "200,200", 1);
        Model thesis = mlp(data, "200,200", 1);
        List<EpochMetrics> a = Fixtures.train(lee, data, "dtp", trainer("dtp", Map.of()), 2, 100, 0.0149, 1);
        List<EpochMetrics> b = Fixtures.train(thesis, data, "dtp-thesis", trainer("dtp-thesis", Map.of()), 2, 100, 0.002, 1);
        assertThat(a.get(1).testAccuracy()).isGreaterThan(0.7).isGreaterThan(b.get(1).testAccuracy() + 0.05);
    }

}
