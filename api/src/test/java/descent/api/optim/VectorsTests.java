package descent.api.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link Vectors} against the ND4J ops it stands for, on the BLAS route and on the fallback. */
class VectorsTests {

    private static INDArray random(DataType type, long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).castTo(type);
    }

    /** The values in 'c' order, as doubles. */
    private static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    private static void assertClose(INDArray actual, double[] expected, DataType type) {
        double tolerance = type == DataType.DOUBLE ? 1e-15 : 1e-7;
        double[] a = values(actual);
        assertThat(a).hasSameSizeAs(expected);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - expected[i])).as("element %d", i).isLessThanOrEqualTo(tolerance);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void axpyOnRowVectorsIsTheBlasRouteAndMatchesTheMathematics(DataType type) {
        INDArray x = random(type, 1, 1, 1000);
        INDArray y = random(type, 2, 1, 1000);
        double[] xv = values(x);
        double[] yv = values(y);
        assertThat(Vectors.blasApplies(x, y)).isTrue();
        Vectors.axpy(-0.37, x, y);
        double[] expected = new double[yv.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = yv[i] - 0.37 * xv[i];
        }
        assertClose(y, expected, type);
        assertThat(values(x)).containsExactly(xv);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void scaleAndCopyMatchTheMathematics(DataType type) {
        INDArray x = random(type, 3, 1, 257);
        double[] xv = values(x);
        Vectors.scale(2.5, x);
        double[] expected = new double[xv.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 2.5 * xv[i];
        }
        assertClose(x, expected, type);
        INDArray y = Nd4j.zeros(type, 1, 257);
        Vectors.copy(x, y);
        assertThat(values(y)).containsExactly(values(x));
    }

    @Test
    void aRankOneVectorPairsWithARowVector() {
        INDArray x = random(DataType.FLOAT, 4, 40);
        INDArray y = random(DataType.FLOAT, 5, 1, 40);
        assertThat(Vectors.blasApplies(x, y)).isTrue();
        INDArray expected = y.dup().addi(x.reshape(1, 40).mul(3));
        Vectors.axpy(3, x, y);
        assertClose(y, values(expected), DataType.FLOAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f-order", "strided view", "mixed types"})
    void arraysBlasCannotTakeFallBackToTheNd4jOpsWithElementsPairedInCOrder(String kind) {
        INDArray x;
        INDArray y = random(DataType.FLOAT, 6, 3, 4);
        switch (kind) {
            case "f-order" -> x = random(DataType.FLOAT, 7, 3, 4).dup('f');
            case "strided view" -> x = random(DataType.FLOAT, 8, 3, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8));
            default -> x = random(DataType.DOUBLE, 9, 3, 4);
        }
        assertThat(Vectors.blasApplies(x, y)).isFalse();
        double[] xv = values(x);
        double[] yv = values(y);
        Vectors.axpy(0.5, x, y);
        double[] expected = new double[yv.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = yv[i] + 0.5 * xv[i];
        }
        assertClose(y, expected, DataType.FLOAT);
        INDArray z = Nd4j.zeros(DataType.FLOAT, 3, 4);
        Vectors.copy(x, z);
        assertClose(z, xv, DataType.FLOAT);
    }

    @Test
    void anFOrderTargetOfTheSameShapeIsNotTakenAsTheSameOrder() {
        INDArray x = random(DataType.FLOAT, 10, 2, 3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3).dup('f');
        assertThat(Vectors.blasApplies(x, y)).isFalse();
        Vectors.copy(x, y);
        assertThat(values(y)).containsExactly(values(x));
    }
}
