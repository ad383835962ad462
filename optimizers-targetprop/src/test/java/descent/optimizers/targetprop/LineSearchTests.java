package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The output layer's cross-entropy line search and the piecewise-quadratic ReLU line search, against closed forms and brute force. */
class LineSearchTests {

    @Test
    void crossEntropyLineMinimumMatchesTheClosedFormOfATwoClassRow() {
        // One row, logits z = (0, 0), direction d = (c, -c), soft label y = (y1, y2):
        // phi(a) = log(e^{-ac} + e^{ac}) - (y2 - y1) a c, phi'(a) = c tanh(ac) - c (y2 - y1),
        // so the minimiser is a* = atanh(y2 - y1) / c.
        for (double[] yc : new double[][] {{0.2, 0.8, 1.5}, {0.45, 0.55, 3.0}, {0.05, 0.95, 0.25}}) {
            double c = yc[2];
            OutputStep.Line line = new OutputStep.Line(new double[] {0, 0}, new double[] {c, -c}, new double[] {yc[0], yc[1]}, 1, 2,
                    Math.log(2), null, null);
            double expected = atanh(yc[1] - yc[0]) / c;
            assertThat(OutputStep.minimise(line)).as("y = (%s, %s), c = %s", yc[0], yc[1], c)
                    .isCloseTo(expected, within(1e-9 * expected));
        }
    }

    private static double atanh(double v) {
        return 0.5 * Math.log((1 + v) / (1 - v));
    }

    @Test
    void exactOutputStepLandsWhereTheCrossEntropyStopsFallingAlongTheGradient() {
        // Random features and random labels: not separable, so the line has a finite minimum.
        SplittableRandom r = new SplittableRandom(3);
        int n = 80;
        int in = 6;
        int classes = 4;
        INDArray x = Fixtures.gaussian(r, n, in, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int k = 0; k < n; k++) {
            y.putScalar(k, r.nextInt(classes), 1);
        }
        INDArray w = Fixtures.gaussian(r, in, classes, 0.3);
        INDArray b = Fixtures.gaussian(r, 1, classes, 0.1);
        OutputStep.Line before = OutputStep.line(x, y, w, b);
        LocalStep.Result step = OutputStep.exact(x, y, w, b);
        OutputStep.Line after = OutputStep.line(x, y, w, b);

        double g0 = dot(before.gradWeights(), before.gradWeights()) + dot(before.gradBias(), before.gradBias());
        double along = dot(after.gradWeights(), before.gradWeights()) + dot(after.gradBias(), before.gradBias());
        // At the line minimum the new gradient is orthogonal to the search direction.
        assertThat(Math.abs(along)).isLessThan(1e-8 * g0);
        assertThat(after.loss()).isLessThan(before.loss());
        for (double factor : new double[] {0.5, 0.9, 1.1, 2}) {
            assertThat(OutputStep.along(before, step.rate() * factor)[0]).isGreaterThan(after.loss());
        }
    }

    @Test
    void literalHalvingKeepsItsRateAndAcceptsAtLessOrEqual() {
        SplittableRandom r = new SplittableRandom(4);
        INDArray x = Fixtures.gaussian(r, 30, 5, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 30, 3);
        for (int k = 0; k < 30; k++) {
            y.putScalar(k, k % 3, 1);
        }
        INDArray w = Fixtures.gaussian(r, 5, 3, 0.2);
        INDArray b = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        double rate = 64;
        double previous = rate;
        for (int s = 0; s < 5; s++) {
            double lossBefore = OutputStep.line(x, y, w, b).loss();
            LocalStep.Result step = OutputStep.literal(x, y, w, b, rate, 30);
            rate = step.rate();
            // Halved at least once before every trial: a power-of-two fraction of the first rate, never larger.
            assertThat(rate).isLessThanOrEqualTo(previous / 2);
            assertThat(Math.log(64 / rate) / Math.log(2)).isCloseTo(Math.rint(Math.log(64 / rate) / Math.log(2)), within(1e-12));
            assertThat(OutputStep.line(x, y, w, b).loss()).isLessThanOrEqualTo(lossBefore);
            previous = rate;
        }
    }

    @Test
    void piecewiseLineFindsTheGlobalMinimumThatABruteForceScanFinds() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int m = 40;
            double[] z = new double[m];
            double[] d = new double[m];
            double[] t = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = r.nextGaussian();
                d[i] = r.nextGaussian();
                t[i] = r.nextGaussian() + 0.5;
            }
            double rho = PiecewiseLine.minimise(z, d, t, true);
            double best = PiecewiseLine.sum(z, d, t, true, rho);
            double max = 0;
            for (int i = 0; i < m; i++) {
                if (d[i] != 0 && z[i] / d[i] > 0) {
                    max = Math.max(max, z[i] / d[i]);
                }
            }
            double scanBest = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= 200_000; k++) {
                scanBest = Math.min(scanBest, PiecewiseLine.sum(z, d, t, true, 3 * max * k / 200_000.0));
            }
            assertThat(rho).isGreaterThanOrEqualTo(0);
            assertThat(best).as("trial %d", trial).isLessThanOrEqualTo(scanBest + 1e-12);
            assertThat(best).isGreaterThan(scanBest - 1e-3 * Math.max(1, scanBest));
        }
    }

    @Test
    void piecewiseLineOnOneTermIsItsClosedFormAndMayPassTheFirstBreakpoint() {
        // (max(0, 1 - rho) - t)^2: t = 0.3 is reached at rho = 0.7; a negative t is best once the unit is off, rho = 1.
        assertThat(PiecewiseLine.minimise(new double[] {1}, new double[] {1}, new double[] {0.3}, true)).isCloseTo(0.7, within(1e-12));
        assertThat(PiecewiseLine.minimise(new double[] {1}, new double[] {1}, new double[] {-0.5}, true)).isCloseTo(1.0, within(1e-12));
        // Two terms: unit a switches off at rho = 0.5 (the thesis's bound, eqs. 3-17 to 3-19), but
        // unit b's parabola keeps falling until rho = 2, and a's loss stays at t^2 = 0 beyond 0.5.
        double[] z = {0.5, 2};
        double[] d = {1, -1};
        double[] t = {0, 4};
        double rho = PiecewiseLine.minimise(z, d, t, true);
        assertThat(rho).isCloseTo(2.0, within(1e-12));
        assertThat(PiecewiseLine.sum(z, d, t, true, rho)).isLessThan(PiecewiseLine.sum(z, d, t, true, 0.5));
        // Without ReLU it is the parabola's vertex.
        assertThat(PiecewiseLine.minimise(new double[] {1, 2}, new double[] {1, 1}, new double[] {0, 0}, false)).isCloseTo(1.5, within(1e-12));
    }

    private static double dot(INDArray a, INDArray b) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).mul(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .sumNumber().doubleValue();
    }

}
