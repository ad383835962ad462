package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API sums of the float path against the scalar loops they replace, bit for bit: the
 * training of every float run must not depend on whether the launcher resolved the Vector API.
 */
class VectorDirectionTests {

    @Test
    void theVectorApiIsUsedInTheseTests() {
        // The build's test JVMs get --add-modules jdk.incubator.vector (the parent pom's argLine), as the launcher's JVM does.
        assertThat(VectorDirection.AVAILABLE).isTrue();
    }

    @Test
    void theKernelsSumsAreTheScalarLoopsBitForBit() {
        // unit counts with and without a tail past the last whole vector; relu on and off
        for (int units : new int[] {1, 3, 4, 7, 16, 37}) {
            for (boolean relu : new boolean[] {true, false}) {
                int n = 23;
                float[][] p = problem(n, units, 31L * units + (relu ? 1 : 0));
                double[][] scalar = sums(p, n, units, relu, false);
                double[][] vector = sums(p, n, units, relu, true);
                for (int q = 0; q < scalar.length; q++) {
                    assertThat(vector[q]).as("units %d, relu %b, sum %d", units, relu, q).containsExactly(scalar[q]);
                }
                if (relu) {
                    assertThat(java.util.Arrays.stream(scalar[3]).anyMatch(v -> v > 0)).as("some unit has a bound").isTrue();
                }
                // the loss that comes with the sums: squared errors of act(z) − t summed in row-major order, in double
                double loss = 0;
                for (int i = 0; i < p[0].length; i++) {
                    double z = p[0][i];
                    double e = (relu && !(z > 0) ? 0 : z) - p[1][i];
                    loss += e * e;
                }
                assertThat(scalar[4][0]).as("units %d, relu %b", units, relu).isEqualTo(loss);
            }
        }
    }

    @Test
    void theKernelsResidualAndActiveCountAreTheScalarLoops() {
        for (int length : new int[] {1, 7, 8, 9, 250, 1001}) {
            for (boolean relu : new boolean[] {true, false}) {
                float[][] p = problem(1, length, length);
                float[] scalar = new float[length];
                float[] vector = new float[length];
                long a = LocalStep.residual(p[0], p[1], scalar, 0, relu);
                long b = VectorDirection.residual(p[0], p[1], vector, relu);
                assertThat(b).isEqualTo(a);
                assertThat(vector).containsExactly(scalar);
                if (!relu) {
                    assertThat(a).isEqualTo(length);
                }
            }
        }
    }

    @Test
    void theBoundIsTheSmallestQuotientOverPositiveDirections() {
        // units 5: column 0 has quotients 2/1, 3/4, 1/0.5 -> 0.75; column 1 only non-positive d -> none
        int n = 3;
        int units = 5;
        float[] z = new float[n * units];
        float[] t = new float[n * units];
        float[] d = new float[n * units];
        float[][] col0 = {{2, 1}, {3, 4}, {1, 0.5f}};
        for (int k = 0; k < n; k++) {
            z[k * units] = col0[k][0];
            d[k * units] = col0[k][1];
            z[k * units + 1] = 1;
            d[k * units + 1] = -k;
        }
        for (boolean vector : new boolean[] {false, true}) {
            double[][] s = sums(new float[][] {z, t, d}, n, units, true, vector);
            assertThat(s[2][0] / s[3][0]).isEqualTo(0.75);
            assertThat(s[3][1]).isZero();
        }
    }

    /** numerator, denominator, bn, bd, and the returned loss as a one-element row */
    private static double[][] sums(float[][] p, int n, int units, boolean relu, boolean vector) {
        double[][] s = new double[5][units];
        s[4] = new double[1];
        if (vector) {
            s[4][0] = VectorDirection.accumulate(p[0], p[1], p[2], n, units, relu, s[0], s[1], s[2], s[3]);
        } else {
            s[4][0] = LocalStep.accumulate(p[0], p[1], p[2], n, units, relu, s[0], s[1], s[2], s[3]);
        }
        return s;
    }

    /** z, t, d with zeros, negative zeros and repeated values among them, so the masks and ties are exercised. */
    private static float[][] problem(int n, int units, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] p = new float[3][n * units];
        for (float[] a : p) {
            for (int i = 0; i < a.length; i++) {
                int kind = random.nextInt(10);
                a[i] = kind == 0 ? 0f : kind == 1 ? -0f : kind == 2 ? 0.5f : (float) random.nextGaussian();
            }
        }
        return p;
    }
}
