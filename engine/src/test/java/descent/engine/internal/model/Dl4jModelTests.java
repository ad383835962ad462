package descent.engine.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.model.DenseLayer;
import descent.api.model.Model;
import descent.api.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jModelTests {

    private static Model mlp(String hidden, int features, int classes) {
        MlpProvider p = new MlpProvider();
        return p.create(new ModelSpec(new int[] {features}, classes, 42),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), Map.of("hidden", hidden)));
    }

    private static INDArray[] batch(int rows, int features, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, features);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        Random r = new Random(seed);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(classes), 1);
        }
        return new INDArray[] {x, y};
    }

    @Test
    void gradientIsThatOfTheMeanLossByCentralDifferences() {
        Model model = mlp("6,5", 4, 3);
        INDArray[] b = batch(32, 4, 3, 1);
        model.computeGradient(b[0], b[1]);
        INDArray g = model.gradient().dup().reshape(-1);
        INDArray theta = model.parameters().dup();
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            INDArray d = Nd4j.zeros(DataType.FLOAT, theta.length());
            for (int i = 0; i < d.length(); i++) {
                d.putScalar(i, r.nextGaussian());
            }
            d.divi(d.norm2Number());
            double eps = 1e-2;
            model.parameters().assign(theta.reshape(-1).add(d.mul(eps)).reshape(theta.shape()));
            double plus = model.loss(b[0], b[1]);
            model.parameters().assign(theta.reshape(-1).sub(d.mul(eps)).reshape(theta.shape()));
            double minus = model.loss(b[0], b[1]);
            model.parameters().assign(theta);
            double numeric = (plus - minus) / (2 * eps);
            double analytic = g.mul(d).sumNumber().doubleValue();
            assertThat(analytic).isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
        }
    }

    @Test
    void gradientHasTheShapeOfTheParametersAndFollowsEachEvaluation() {
        Model model = mlp("6", 4, 3);
        INDArray[] first = batch(8, 4, 3, 1);
        INDArray[] second = batch(8, 4, 3, 2);
        model.computeGradient(first[0], first[1]);
        INDArray buffer = model.gradient();
        INDArray g1 = buffer.dup();
        assertThat(buffer.shape()).containsExactly(model.parameters().shape());
        model.computeGradient(second[0], second[1]);
        assertThat(model.gradient()).isSameAs(buffer);
        assertThat(buffer.equals(g1)).as("the buffer is DL4J's live gradient, not a stale copy").isFalse();
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheOutput() {
        Model model = mlp("8", 5, 4);
        INDArray[] b = batch(20, 5, 4, 2);
        INDArray p = model.output(b[0]);
        double expected = -org.nd4j.linalg.ops.transforms.Transforms.log(p, true).muli(b[1]).sumNumber().doubleValue() / 20;
        assertThat(model.computeGradient(b[0], b[1])).isCloseTo(expected, within(1e-4));
        assertThat(model.loss(b[0], b[1])).isCloseTo(expected, within(1e-4));
    }

    @Test
    void denseLayersAreLiveViewsOfTheParameters() {
        Model model = mlp("7", 3, 2);
        List<DenseLayer> layers = model.denseLayers();
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).weights().shape()).containsExactly(3, 7);
        assertThat(layers.get(0).bias().shape()).containsExactly(1, 7);
        assertThat(layers.get(0).activation()).isEqualTo("relu");
        assertThat(layers.get(1).activation()).isEqualTo("softmax");
        layers.get(1).bias().assign(5);
        assertThat(model.parameters().getDouble(model.parameters().length() - 1)).isEqualTo(5.0);
    }

    @Test
    void mlpHasTheThesisShapeByDefault() {
        MlpProvider p = new MlpProvider();
        Model model = p.create(new ModelSpec(new int[] {784}, 10, 1), Hyperparameters.defaults("model 'mlp'", p.hyperparameters()));
        assertThat(model.parameters().length()).isEqualTo(784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
        assertThat(model.summary()).contains("784-64-32-10");
    }

    @Test
    void lenetHasTheSevenLayersOfSeed000() {
        Model model = new LenetProvider().create(new ModelSpec(new int[] {1, 28, 28}, 10, 1), Hyperparameters.defaults("model 'lenet'", List.of()));
        long expected = (5 * 5 * 6 + 6) + (5 * 5 * 6 * 16 + 16) + (4 * 4 * 16 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
        assertThat(model.parameters().length()).isEqualTo(expected);
        INDArray[] b = batch(4, 784, 10, 5);
        assertThat(model.output(b[0]).shape()).containsExactly(4, 10);
        assertThat(model.denseLayers()).isEmpty();
    }

    @Test
    void rejectsBadHiddenWidthsAndLenetOnVectors() {
        MlpProvider p = new MlpProvider();
        assertThatThrownBy(() -> p.create(new ModelSpec(new int[] {4}, 2, 1),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), Map.of("hidden", "64,x"))))
                .isInstanceOf(DescentException.class).hasMessageContaining("'hidden'").hasMessageContaining("64,x");
        assertThatThrownBy(() -> new LenetProvider().create(new ModelSpec(new int[] {2}, 2, 1), Hyperparameters.defaults("m", List.of())))
                .isInstanceOf(DescentException.class).hasMessageContaining("lenet").hasMessageContaining("--model mlp");
    }
}
