package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java loops of {@link Rows} against ND4J doing the same arithmetic: bit for bit, for fresh
 * products (the fast path), views and column-major arrays (the fallback), in float and double.
 */
class RowsTests {

    private static INDArray[] product(DataType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray x = Fixtures.gaussian(r, 37, 11, 1.0).castTo(type);
        INDArray w = Fixtures.gaussian(r, 11, 13, 0.7).castTo(type);
        INDArray b = Fixtures.gaussian(r, 1, 13, 0.5).castTo(type);
        return new INDArray[] {x, w, b};
    }

    @Test
    void addRowOfAFreshProductIsNd4jsAdditionBitForBit() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray[] p = product(type, 3);
            INDArray z = p[0].mmul(p[1]);
            assertThat(Rows.owned(z)).as("a fresh product is owned row-major memory (%s)", type).isTrue();
            INDArray reference = z.add(Nd4j.ones(type, z.size(0), 1).mmul(p[2]));
            Rows.addRow(z, p[2]);
            assertThat(z.equalsWithEps(reference, 0)).as(type.toString()).isTrue();
            assertThat(Rows.doubles(z)).containsExactly(reference.dup('c').data().asDouble());
        }
    }

    @Test
    void addRowTakesTheBiasAsARank1View() {
        INDArray[] p = product(DataType.FLOAT, 5);
        INDArray params = Nd4j.concat(1, p[1].reshape(1, p[1].length()), p[2]);
        INDArray bias = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(p[1].length(), params.length()));
        assertThat(bias.isView()).isTrue();
        INDArray z = p[0].mmul(p[1]);
        INDArray reference = z.add(Nd4j.ones(DataType.FLOAT, z.size(0), 1).mmul(p[2]));
        Rows.addRow(z, bias);
        assertThat(z.equalsWithEps(reference, 0)).isTrue();
    }

    @Test
    void viewsAndColumnMajorArraysTakeTheFallbackWithTheSameResult() {
        INDArray[] p = product(DataType.FLOAT, 7);
        INDArray big = p[0].mmul(p[1]);
        INDArray rows = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 20), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray f = big.dup('f');
        assertThat(Rows.owned(rows)).isFalse();
        assertThat(Rows.owned(f)).isFalse();
        assertThat(Rows.owned(big.transpose())).isFalse();
        for (INDArray a : new INDArray[] {rows, f, big.transpose()}) {
            double[] expected = a.dup('c').data().asDouble();
            assertThat(Rows.doubles(a)).containsExactly(expected);
            float[] floats = Rows.floats(a);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) floats[i]).isEqualTo(expected[i]);
            }
            INDArray copy = a.dup(a.ordering());
            INDArray reference = copy.add(Nd4j.ones(DataType.FLOAT, copy.size(0), 1).mmul(Fixtures.gaussian(new SplittableRandom(1), 1, (int) copy.size(1), 1).castTo(DataType.FLOAT)));
            Rows.addRow(copy, Fixtures.gaussian(new SplittableRandom(1), 1, (int) copy.size(1), 1).castTo(DataType.FLOAT));
            assertThat(copy.equalsWithEps(reference, 0)).isTrue();
        }
    }

    @Test
    void productIsTheMatrixProductForRowAndColumnMajorOperandsViewsAndTransposes() {
        SplittableRandom r = new SplittableRandom(11);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Fixtures.gaussian(r, 23, 17, 1.0).castTo(type);
            INDArray b = Fixtures.gaussian(r, 17, 19, 1.0).castTo(type);
            // A DL4J layer's weights: a column-major view into the flat parameter row, at an offset.
            INDArray params = Fixtures.gaussian(r, 1, 5 + 17 * 19, 1.0).castTo(type);
            INDArray view = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 5 + 17 * 19)).reshape('f', 17, 19);
            INDArray rowsOfA = Fixtures.gaussian(r, 40, 17, 1.0).castTo(type)
                    .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 26), org.nd4j.linalg.indexing.NDArrayIndex.all());
            double eps = type == DataType.FLOAT ? 1e-4 : 1e-12;
            for (INDArray left : new INDArray[] {a, a.dup('f'), rowsOfA}) {
                for (INDArray right : new INDArray[] {b, b.dup('f'), view}) {
                    INDArray expected = left.mmul(right);
                    assertThat(Rows.product(left, false, right, false).equalsWithEps(expected, eps)).isTrue();
                    assertThat(Rows.product(left.transpose().dup('c'), true, right, false).equalsWithEps(expected, eps)).isTrue();
                    assertThat(Rows.product(left, false, right.transpose().dup('f'), true).equalsWithEps(expected, eps)).isTrue();
                    assertThat(Rows.product(left, false, right.transpose(), true).equalsWithEps(expected, eps)).isTrue();
                    assertThat(Rows.product(left.transpose(), true, right, false).equalsWithEps(expected, eps)).isTrue();
                    assertThat(Rows.owned(Rows.product(left, false, right, false))).isTrue();
                }
            }
        }
    }
}
