package descent.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetRequest;
import descent.api.data.Split;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticDatasetProviderTests {

    static Stream<SyntheticDatasetProvider> providers() {
        return Stream.of(new XorProvider(), new RingsProvider(), new SpiralsProvider());
    }

    static Dataset load(SyntheticDatasetProvider p, long seed, Map<String, String> hp) {
        return p.load(new DatasetRequest(Optional.empty(),
                Hyperparameters.of("data set '" + p.id() + "'", p.hyperparameters(), hp), seed));
    }

    static int[] classCounts(Split s) {
        int[] counts = new int[2];
        for (int c : s.classIndices()) {
            counts[c]++;
        }
        return counts;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void hasTwoFeaturesTwoBalancedClassesAndTheRequestedSizes(SyntheticDatasetProvider p) {
        Dataset data = load(p, 7, Map.of("samples", "600", "test-samples", "201"));

        assertThat(data.id()).isEqualTo(p.id());
        assertThat(data.featureShape()).containsExactly(2);
        assertThat(data.naturalRange()).isNull();
        assertThat(data.classes()).isEqualTo(2);
        assertThat(data.train().features().shape()).containsExactly(600, 2);
        assertThat(data.train().labels().shape()).containsExactly(600, 2);
        assertThat(data.test().features().shape()).containsExactly(201, 2);
        assertThat(data.train().labels().sum(1).toDoubleVector()).containsOnly(1.0);
        assertThat(classCounts(data.train())).containsExactly(300, 300);
        assertThat(classCounts(data.test())).containsExactly(101, 100);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theSameSeedGivesIdenticalArraysAndAnotherSeedDifferentOnes(SyntheticDatasetProvider p) {
        Dataset a = load(p, 123, Map.of());
        Dataset b = load(p, 123, Map.of());
        Dataset c = load(p, 124, Map.of());

        assertThat(b.train().features()).isEqualTo(a.train().features());
        assertThat(b.test().features()).isEqualTo(a.test().features());
        assertThat(b.train().labels()).isEqualTo(a.train().labels());
        assertThat(c.train().features()).isNotEqualTo(a.train().features());
        assertThat(c.test().features()).isNotEqualTo(a.test().features());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void trainAndTestAreDrawnIndependentlySoTheTestSizeLeavesTrainingAlone(SyntheticDatasetProvider p) {
        Dataset small = load(p, 5, Map.of("samples", "400", "test-samples", "400"));
        Dataset large = load(p, 5, Map.of("samples", "400", "test-samples", "900"));

        assertThat(large.train().features()).isEqualTo(small.train().features());
        assertThat(small.test().features()).isNotEqualTo(small.train().features());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void isLearnableANearestNeighbourClassifiesTheTestSplit(SyntheticDatasetProvider p) {
        Dataset data = load(p, 11, Map.of("samples", "1000", "test-samples", "400"));

        assertThat(nearestNeighbourAccuracy(data)).as(p.id()).isGreaterThan(0.93);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rejectsNegativeNoiseNamingTheField(SyntheticDatasetProvider p) {
        assertThatThrownBy(() -> load(p, 1, Map.of("noise", "-0.1")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("'noise'")
                .hasMessageContaining(">= 0");
    }

    @Test
    void xorLabelsFollowTheSignRule() {
        Dataset data = load(new XorProvider(), 3, Map.of("samples", "2000", "noise", "0.1"));
        float[][] x = data.train().features().toFloatMatrix();
        int[] y = data.train().classIndices();

        int[] corners = new int[4];
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).as("label of (%s, %s)", x[i][0], x[i][1]).isEqualTo(x[i][0] * x[i][1] < 0 ? 1 : 0);
            corners[(x[i][0] > 0 ? 0 : 2) + (x[i][1] > 0 ? 0 : 1)]++;
        }
        assertThat(corners).containsOnly(500);
    }

    @Test
    void xorAtDefaultNoiseAlmostNeverCrossesAQuadrant() {
        Dataset data = load(new XorProvider(), 3, Map.of("samples", "20000"));
        float[][] x = data.train().features().toFloatMatrix();
        int[] y = data.train().classIndices();

        int wrong = 0;
        for (int i = 0; i < x.length; i++) {
            wrong += y[i] == (x[i][0] * x[i][1] < 0 ? 1 : 0) ? 0 : 1;
        }
        // P(a coordinate of N(+-1, 0.25^2) changes sign) = Phi(-4) = 3.2e-5; two coordinates, 20,000 points: ~1.3 expected.
        assertThat(wrong).isLessThanOrEqualTo(8);
    }

    @Test
    void ringsLieAtTheirRadii() {
        Dataset data = load(new RingsProvider(), 9,
                Map.of("samples", "4000", "noise", "0.05", "inner-radius", "0.5", "outer-radius", "3"));
        float[][] x = data.train().features().toFloatMatrix();
        int[] y = data.train().classIndices();

        double[] sum = new double[2];
        double[] max = new double[2];
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int i = 0; i < x.length; i++) {
            double r = Math.hypot(x[i][0], x[i][1]);
            sum[y[i]] += r;
            max[y[i]] = Math.max(max[y[i]], r);
            min[y[i]] = Math.min(min[y[i]], r);
        }
        // E|p| = R + sigma^2 / (2R) to first order for isotropic noise sigma around a circle of radius R.
        assertThat(sum[0] / 2000).isCloseTo(0.5 + 0.0025 / 1.0, within(0.01));
        assertThat(sum[1] / 2000).isCloseTo(3 + 0.0025 / 6.0, within(0.01));
        assertThat(max[0]).isLessThan(min[1]);
    }

    @Test
    void ringsRejectAnOuterRadiusInsideTheInnerOne() {
        assertThatThrownBy(() -> load(new RingsProvider(), 1, Map.of("inner-radius", "2", "outer-radius", "1.5")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("'outer-radius'")
                .hasMessageContaining("must be > inner-radius");
    }

    @Test
    void noiselessSpiralPointsLieOnTheirArm() {
        Dataset data = load(new SpiralsProvider(), 4, Map.of("samples", "500", "noise", "0", "turns", "2"));
        float[][] x = data.train().features().toFloatMatrix();
        int[] y = data.train().classIndices();

        for (int i = 0; i < x.length; i++) {
            double r = Math.hypot(x[i][0], x[i][1]);
            double expected = 2 * Math.PI * 2 * r + y[i] * Math.PI;
            double diff = Math.IEEEremainder(Math.atan2(x[i][1], x[i][0]) - expected, 2 * Math.PI);
            assertThat(r).isLessThanOrEqualTo(1.0 + 1e-6);
            assertThat(Math.abs(diff) * r).as("distance off the arm of point %d", i).isLessThan(1e-5);
        }
    }

    /** 1-nearest-neighbour accuracy on the test split with the training split as memory. */
    static double nearestNeighbourAccuracy(Dataset data) {
        float[][] train = data.train().features().toFloatMatrix();
        int[] trainY = data.train().classIndices();
        float[][] test = data.test().features().toFloatMatrix();
        int[] testY = data.test().classIndices();
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            double best = Double.MAX_VALUE;
            int label = -1;
            for (int j = 0; j < train.length; j++) {
                double dx = test[i][0] - train[j][0];
                double dy = test[i][1] - train[j][1];
                double d = dx * dx + dy * dy;
                if (d < best) {
                    best = d;
                    label = trainY[j];
                }
            }
            correct += label == testY[i] ? 1 : 0;
        }
        return correct / (double) test.length;
    }
}
