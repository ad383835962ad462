package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.optim.GradientOracle;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientTransformTests {

    private static INDArray vector(double... values) {
        return Nd4j.createFromArray(values);
    }

    private static double norm(INDArray a) {
        double sum = 0;
        for (double v : a.toDoubleVector()) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    /** A small strictly convex quadratic L(θ) = ½θᵀAθ − bᵀθ with A symmetric positive definite. */
    private static final class Quadratic implements GradientOracle {
        final INDArray a;
        final INDArray b;

        Quadratic(int n, long seed) {
            Random r = new Random(seed);
            INDArray m = Nd4j.rand(DataType.DOUBLE, n, n).subi(0.5);
            a = m.mmul(m.transpose()).addi(Nd4j.eye(n).castTo(DataType.DOUBLE));
            double[] bs = new double[n];
            for (int i = 0; i < n; i++) {
                bs[i] = r.nextGaussian();
            }
            b = vector(bs);
        }

        double loss(INDArray theta) {
            INDArray col = theta.reshape(theta.length(), 1);
            return 0.5 * col.transpose().mmul(a).mmul(col).getDouble(0) - b.mul(theta).sumNumber().doubleValue();
        }

        @Override
        public Evaluation evaluate(INDArray theta) {
            INDArray gradient = a.mmul(theta.reshape(theta.length(), 1)).reshape(theta.length()).subi(b);
            return new Evaluation(loss(theta), gradient);
        }
    }

    @Test
    void clippingByNormScalesALargeGradientToTheMaximum() {
        GradientTransform t = GradientTransform.NONE.withClipNorm(1.5);
        INDArray g = vector(3, -4, 12);
        t.apply(0, vector(0, 0, 0), g);
        assertThat(norm(g)).isCloseTo(1.5, within(1e-6));
        assertThat(g.toDoubleVector()).containsExactly(new double[] {3 * 1.5 / 13, -4 * 1.5 / 13, 12 * 1.5 / 13}, within(1e-12));
    }

    @Test
    void clippingByNormScalesAFloatGradientToTheMaximum() {
        GradientTransform t = GradientTransform.NONE.withClipNorm(0.25);
        INDArray g = Nd4j.rand(DataType.FLOAT, 10_000).subi(0.5f);
        t.apply(0, Nd4j.zeros(DataType.FLOAT, 10_000), g);
        assertThat(norm(g)).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void clippingByNormLeavesASmallGradientExactlyAlone() {
        GradientTransform t = GradientTransform.NONE.withClipNorm(13.0001);
        INDArray g = vector(3, -4, 12);
        INDArray before = g.dup();
        t.apply(0, vector(1, 1, 1), g);
        assertThat(g.toDoubleVector()).containsExactly(before.toDoubleVector());
    }

    @Test
    void clippingByValueClampsEachElement() {
        GradientTransform t = GradientTransform.NONE.withClipValue(0.5);
        INDArray g = vector(-2, -0.5, -0.1, 0, 0.3, 0.5, 7);
        t.apply(0, Nd4j.zeros(DataType.DOUBLE, 7), g);
        assertThat(g.toDoubleVector()).containsExactly(-0.5, -0.5, -0.1, 0, 0.3, 0.5, 0.5);
    }

    @Test
    void weightDecayGradientMatchesAFiniteDifferenceOfTheDecayedLoss() {
        int n = 6;
        Quadratic q = new Quadratic(n, 11);
        GradientTransform t = GradientTransform.NONE.withWeightDecay(0.3);
        INDArray theta = vector(0.7, -1.2, 0.4, 2.0, -0.3, 1.1);

        GradientOracle.Evaluation raw = q.evaluate(theta);
        INDArray analytic = raw.gradient().dup();
        double decayedLoss = t.apply(raw.loss(), theta, analytic);
        assertThat(decayedLoss).isCloseTo(q.loss(theta) + 0.15 * norm(theta) * norm(theta), within(1e-12));

        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            INDArray plus = theta.dup();
            plus.putScalar(i, theta.getDouble(i) + h);
            INDArray minus = theta.dup();
            minus.putScalar(i, theta.getDouble(i) - h);
            double fPlus = t.apply(q.loss(plus), plus, Nd4j.zeros(DataType.DOUBLE, n));
            double fMinus = t.apply(q.loss(minus), minus, Nd4j.zeros(DataType.DOUBLE, n));
            double numeric = (fPlus - fMinus) / (2 * h);
            assertThat(analytic.getDouble(i)).as("component %d", i).isCloseTo(numeric, within(1e-7));
        }
        assertThat(t.penalty(theta)).isCloseTo(decayedLoss - raw.loss(), within(1e-12));
    }

    @Test
    void theWrappedOracleDecaysAndClipsEveryEvaluation() {
        Quadratic q = new Quadratic(4, 3);
        GradientTransform t = new GradientTransform(Double.POSITIVE_INFINITY, 0.1, 0.5);
        GradientOracle wrapped = t.wrap(q);
        INDArray theta = vector(1, 2, 3, 4);
        GradientOracle.Evaluation e = wrapped.evaluate(theta);
        assertThat(e.loss()).isCloseTo(q.loss(theta) + 0.25 * 30, within(1e-12));
        INDArray expected = q.evaluate(theta).gradient().addi(theta.mul(0.5));
        expected.muli(0.1 / norm(expected));
        assertThat(e.gradient().toDoubleVector()).containsExactly(expected.toDoubleVector(), within(1e-12));
        assertThat(norm(e.gradient())).isCloseTo(0.1, within(1e-9));
        assertThat(theta.toDoubleVector()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void noneIsTheIdentityAndWrapsNothing() {
        GradientOracle q = new Quadratic(3, 5);
        assertThat(GradientTransform.NONE.isIdentity()).isTrue();
        assertThat(GradientTransform.NONE.wrap(q)).isSameAs(q);
        INDArray g = vector(100, -100, 3);
        assertThat(GradientTransform.NONE.apply(1.25, vector(9, 9, 9), g)).isEqualTo(1.25);
        assertThat(g.toDoubleVector()).containsExactly(100, -100, 3);
        assertThat(GradientTransform.NONE).hasToString("none");
    }

    @Test
    void readsTheCommandLineFlags() {
        GradientTransform t = GradientTransform.fromFlags("1", "5", "0.0005");
        assertThat(t).isEqualTo(new GradientTransform(1, 5, 0.0005));
        assertThat(t).hasToString("--weight-decay 0.0005 --clip-value 1 --clip-norm 5");
        assertThat(GradientTransform.fromFlags(null, null, null)).isEqualTo(GradientTransform.NONE);
        assertThat(GradientTransform.fromFlags(null, null, "0").isIdentity()).isTrue();
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheFlag() {
        assertThatThrownBy(() -> GradientTransform.fromFlags("0", null, null)).isInstanceOf(DescentException.class)
                .hasMessage("clip value (--clip-value) must be > 0, got '0.0'");
        assertThatThrownBy(() -> GradientTransform.fromFlags(null, "-1", null)).isInstanceOf(DescentException.class)
                .hasMessage("clip norm (--clip-norm) must be > 0, got '-1.0'");
        assertThatThrownBy(() -> GradientTransform.fromFlags(null, null, "-0.1")).isInstanceOf(DescentException.class)
                .hasMessage("weight decay (--weight-decay) must be >= 0 and finite, got '-0.1'");
        assertThatThrownBy(() -> GradientTransform.fromFlags(null, "NaN", null)).hasMessageContaining("--clip-norm");
        assertThatThrownBy(() -> GradientTransform.fromFlags("big", null, null)).isInstanceOf(DescentException.class)
                .hasMessage("--clip-value must be a number, got 'big'");
    }
}
