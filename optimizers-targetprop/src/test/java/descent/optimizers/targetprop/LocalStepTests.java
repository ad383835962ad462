package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The local step against the mathematics: brute-force line searches, the gradient, the active set. */
class LocalStepTests {

    private static final int N = 60;
    private static final int IN = 7;
    private static final int OUT = 5;

    /** A random ReLU-layer problem in double precision: inputs, targets, weights and bias. */
    private static INDArray[] problem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray x = Fixtures.gaussian(r, N, IN, 1.0);
        INDArray w = Fixtures.gaussian(r, IN, OUT, 0.6);
        INDArray b = Fixtures.gaussian(r, 1, OUT, 0.3);
        // Targets near the current outputs, some negative (unreachable by a ReLU), as inverted targets are.
        INDArray t = org.nd4j.linalg.ops.transforms.Transforms.relu(LocalStep.preActivation(x, w, b), false).addi(Fixtures.gaussian(r, N, OUT, 0.5));
        return new INDArray[] {x, t, w, b};
    }


    /** Unit j's loss at w_j − ρ g_j over the examples active at ρ = 0 (the active set held fixed). */
    private static double fixedSetLoss(INDArray x, INDArray t, INDArray w, INDArray b, LocalStep.Direction dir, int j, double rho) {
        INDArray z0 = dir.z();
        INDArray z = LocalStep.preActivation(x, w.sub(dir.gradWeights().mul(rho)), b.sub(dir.gradBias().mul(rho)));
        double sum = 0;
        for (int k = 0; k < N; k++) {
            if (z0.getDouble(k, j) > 0) {
                double e = z.getDouble(k, j) - t.getDouble(k, j);
                sum += e * e;
            }
        }
        return sum;
    }

    /** Minimiser of a unimodal function on [lo, hi] by golden-section search, to machine precision. */
    private static double goldenSection(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double c = hi;
        for (int i = 0; i < 200 && c - a > 1e-15 * Math.max(1, Math.abs(c)); i++) {
            double x1 = c - g * (c - a);
            double x2 = a + g * (c - a);
            if (f.applyAsDouble(x1) < f.applyAsDouble(x2)) {
                c = x2;
            } else {
                a = x1;
            }
        }
        return (a + c) / 2;
    }

    @Test
    void optimalRateOfEveryUnitEqualsABruteForceLineSearchWithTheActiveSetFixed() {
        for (long seed = 1; seed <= 3; seed++) {
            INDArray[] p = problem(seed);
            LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], true);
            double[] rho = dir.optimalRates();
            int checked = 0;
            for (int j = 0; j < OUT; j++) {
                if (Double.isNaN(rho[j])) {
                    continue;
                }
                int unit = j;
                // A coarse scan for the bracket, then golden section: no use of the closed form.
                double best = 0;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (double r = 0; r <= 20; r += 0.01) {
                    double l = fixedSetLoss(p[0], p[1], p[2], p[3], dir, unit, r);
                    if (l < bestLoss) {
                        bestLoss = l;
                        best = r;
                    }
                }
                double brute = goldenSection(r -> fixedSetLoss(p[0], p[1], p[2], p[3], dir, unit, r),
                        Math.max(0, best - 0.01), best + 0.01);
                assertThat(rho[j]).as("unit %d, seed %d", j, seed).isCloseTo(brute, within(1e-7 * Math.max(1, brute)));
                assertThat(rho[j]).isPositive();
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void numeratorIsHalfTheBatchSizeTimesTheSquaredGradientSoTheStepGoesDownhill() {
        INDArray[] p = problem(4);
        LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], true);
        for (int j = 0; j < OUT; j++) {
            double g2 = Math.pow(dir.gradWeights().getColumn(j).norm2Number().doubleValue(), 2)
                    + Math.pow(dir.gradBias().getDouble(0, j), 2);
            assertThat(dir.numerator()[j]).isCloseTo(N / 2.0 * g2, within(1e-9 * Math.max(1, g2)));
        }
    }

    @Test
    void linearLayersClosedFormStepIsTheExactMinimumOfItsLossAlongTheGradient() {
        INDArray[] p = problem(5);
        LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], false);
        double rho = LocalStep.layerRate(dir, false);
        double brute = goldenSection(r -> LocalStep.loss(p[0], p[1], p[2].sub(dir.gradWeights().mul(r)),
                p[3].sub(dir.gradBias().mul(r)), false), 0, 50);
        assertThat(rho).isCloseTo(brute, within(1e-7 * Math.max(1, brute)));
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheLocalLoss() {
        INDArray[] p = problem(6);
        LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], true);
        double h = 1e-6;
        for (int[] at : new int[][] {{0, 0}, {3, 2}, {6, 4}}) {
            INDArray plus = p[2].dup();
            plus.putScalar(at[0], at[1], plus.getDouble(at[0], at[1]) + h);
            INDArray minus = p[2].dup();
            minus.putScalar(at[0], at[1], minus.getDouble(at[0], at[1]) - h);
            double numeric = (LocalStep.loss(p[0], p[1], plus, p[3], true) - LocalStep.loss(p[0], p[1], minus, p[3], true)) / (2 * h);
            assertThat(dir.gradWeights().getDouble(at[0], at[1])).isCloseTo(numeric, within(1e-5));
        }
    }

    @Test
    void optimalStepNeverSwitchesOffAnActiveUnit() {
        boolean someBoundBinding = false;
        for (LocalStep.Rule rule : new LocalStep.Rule[] {LocalStep.Rule.OPTIMAL_LAYER, LocalStep.Rule.OPTIMAL_UNIT}) {
            for (long seed = 1; seed <= 10; seed++) {
                INDArray[] p = problem(seed);
                INDArray z0 = LocalStep.preActivation(p[0], p[2], p[3]);
                LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], true);
                double[] rates = LocalStep.unitRates(dir, true);
                double[] opt = dir.optimalRates();
                LocalStep.step(p[0], p[1], p[2], p[3], true, rule, Double.NaN, 0);
                INDArray z1 = LocalStep.preActivation(p[0], p[2], p[3]);
                for (int k = 0; k < N; k++) {
                    for (int j = 0; j < OUT; j++) {
                        if (z0.getDouble(k, j) > 0) {
                            assertThat(z1.getDouble(k, j)).as("%s seed %d (%d, %d)", rule, seed, k, j).isGreaterThanOrEqualTo(-1e-12);
                        }
                    }
                }
                if (rule == LocalStep.Rule.OPTIMAL_UNIT) {
                    for (int j = 0; j < OUT; j++) {
                        someBoundBinding |= !Double.isNaN(opt[j]) && rates[j] < opt[j];
                    }
                }
            }
        }
        // The check above is not vacuous: in some units the bound, not the optimum, set the rate.
        assertThat(someBoundBinding).isTrue();
    }

    @Test
    void withoutTheBoundTheOptimalStepWouldSwitchUnitsOff() {
        // The same problems stepped by ρ_opt alone cross zero somewhere: the bound is needed.
        boolean crossed = false;
        for (long seed = 1; seed <= 10 && !crossed; seed++) {
            INDArray[] p = problem(seed);
            LocalStep.Direction dir = LocalStep.direction(p[0], p[1], p[2], p[3], true);
            double[] opt = dir.optimalRates();
            for (int j = 0; j < OUT && !crossed; j++) {
                crossed = !Double.isNaN(opt[j]) && opt[j] > dir.bound()[j];
            }
        }
        assertThat(crossed).isTrue();
    }

    @Test
    void everyRuleLowersTheLocalLoss() {
        for (LocalStep.Rule rule : LocalStep.Rule.values()) {
            if (rule == LocalStep.Rule.OPTIMIZER) {
                continue; // stepped by LayerOptimizer, tested there
            }
            for (boolean relu : new boolean[] {true, false}) {
                INDArray[] p = problem(7);
                double before = LocalStep.loss(p[0], p[1], p[2], p[3], relu);
                LocalStep.Result r = LocalStep.step(p[0], p[1], p[2], p[3], relu, rule, rule == LocalStep.Rule.FIXED ? 0.01 : 1.0, 30);
                double after = LocalStep.loss(p[0], p[1], p[2], p[3], relu);
                assertThat(r.lossBefore()).isCloseTo(before, within(1e-9 * before));
                assertThat(after).as("%s relu=%s", rule, relu).isLessThan(before);
                assertThat(r.rate()).isPositive();
            }
        }
    }

    @Test
    void worksInTheModelsSinglePrecision() {
        INDArray[] p = problem(8);
        INDArray[] f = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            f[i] = p[i].castTo(DataType.FLOAT);
        }
        LocalStep.step(p[0], p[1], p[2], p[3], true, LocalStep.Rule.OPTIMAL_UNIT, Double.NaN, 0);
        LocalStep.step(f[0], f[1], f[2], f[3], true, LocalStep.Rule.OPTIMAL_UNIT, Double.NaN, 0);
        assertThat(f[2].dataType()).isEqualTo(DataType.FLOAT);
        assertThat(f[2].castTo(DataType.DOUBLE).sub(p[2]).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    /**
     * The float path of {@link LocalStep#direction} (what float networks take) against the double
     * path on the same values widened: every piece of the rates, to float precision.
     */
    @Test
    void theFloatPathComputesWhatTheDoublePathComputes() {
        INDArray[] p = problem(17);
        INDArray[] f = new INDArray[4];
        INDArray[] d = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            f[i] = p[i].castTo(DataType.FLOAT);
            d[i] = f[i].castTo(DataType.DOUBLE);
        }
        for (boolean relu : new boolean[] {true, false}) {
            LocalStep.Direction single = LocalStep.direction(f[0], f[1], f[2], f[3], relu);
            LocalStep.Direction wide = LocalStep.direction(d[0], d[1], d[2], d[3], relu);
            assertThat(single.zf()).as("float path taken").isNotNull();
            assertThat(wide.zs()).as("double path taken").isNotNull();
            assertThat(single.activeFraction()).isEqualTo(wide.activeFraction());
            assertThat(single.loss()).isCloseTo(wide.loss(), within(1e-5 * wide.loss()));
            assertThat(single.gradWeights().castTo(DataType.DOUBLE).equalsWithEps(wide.gradWeights(), 1e-4)).isTrue();
            for (int j = 0; j < OUT; j++) {
                assertThat(single.numerator()[j]).isCloseTo(wide.numerator()[j], within(1e-4 * Math.abs(wide.numerator()[j]) + 1e-9));
                assertThat(single.denominator()[j]).isCloseTo(wide.denominator()[j], within(1e-4 * wide.denominator()[j] + 1e-9));
                if (Double.isInfinite(wide.bound()[j])) {
                    assertThat(single.bound()[j]).isInfinite();
                } else {
                    assertThat(single.bound()[j]).isCloseTo(wide.bound()[j], within(1e-3 * wide.bound()[j]));
                }
            }
            double[][] line = single.line();
            assertThat(line[0]).hasSize(N * OUT);
            assertThat(LocalStep.layerRate(single, relu)).isCloseTo(LocalStep.layerRate(wide, relu), within(1e-3 * LocalStep.layerRate(wide, relu)));
        }
    }
}
