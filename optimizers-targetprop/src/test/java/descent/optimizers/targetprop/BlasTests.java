package descent.optimizers.targetprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Blas}'s direct BLAS call against the exact product (in double, from the same operands) and
 * against ND4J's gemm, for every layout the trainers hand it: row- and column-major operands,
 * transposes, DL4J's parameter views (column-major weights and a rank-1 bias at an offset into one
 * flat buffer), row-block views, and results in either ordering. A float result may differ from
 * the exact product by the float rounding of a sum of k products; the inner dimensions here span
 * several of OpenBLAS's blocks (k up to 700).
 */
class BlasTests {

    @Test
    void theDirectCallIsTakenOnTheCpuBackend() {
        assertThat(Blas.DIRECT).isTrue();
    }

    @Test
    void productsOfEveryLayoutEqualTheExactProduct() {
        SplittableRandom r = new SplittableRandom(11);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] mnk : new int[][] {{37, 13, 11}, {1, 9, 700}, {64, 1, 300}, {120, 90, 700}}) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (char ao : new char[] {'c', 'f'}) {
                            for (char bo : new char[] {'c', 'f'}) {
                                for (char co : new char[] {'c', 'f'}) {
                                    INDArray a = Fixtures.gaussian(r, ta ? k : m, ta ? m : k, 1.0).castTo(type).dup(ao);
                                    INDArray b = Fixtures.gaussian(r, tb ? n : k, tb ? k : n, 1.0).castTo(type).dup(bo);
                                    double alpha = co == 'c' ? 1.0 : 0.004;
                                    INDArray c = Blas.product(a, ta, b, tb, co, alpha, null);
                                    String what = type + " " + m + "x" + n + "x" + k + " ta " + ta + " tb " + tb + " " + ao + bo + co;
                                    assertThat(c.ordering()).as(what).isEqualTo(co);
                                    assertThat(c.shape()).as(what).containsExactly(m, n);
                                    assertClose(c, exact(a, ta, b, tb, alpha, null), k, what);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBiasRowIsAddedOnceToEveryRow() {
        SplittableRandom r = new SplittableRandom(12);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Fixtures.gaussian(r, 50, 700, 1.0).castTo(type);
            INDArray w = Fixtures.gaussian(r, 700, 30, 0.1).castTo(type);
            INDArray b = Fixtures.gaussian(r, 1, 30, 3.0).castTo(type);
            INDArray z = Blas.product(x, false, w, false, 'c', 1.0, b);
            assertClose(z, exact(x, false, w, false, 1.0, b), 700, type.toString());
            // the same as ND4J's product with the bias added afterwards, to a float's rounding
            // ND4J's product with the bias added afterwards rounds within the same bound
            double[][][] bound = exact(x, false, w, false, 1.0, b);
            INDArray reference = x.mmul(w).addRowVector(b);
            double u = type == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
            double[][] ours = toRows(z);
            double[][] theirs = toRows(reference);
            for (int i = 0; i < ours.length; i++) {
                for (int j = 0; j < ours[i].length; j++) {
                    assertThat(ours[i][j]).isCloseTo(theirs[i][j], org.assertj.core.api.Assertions.within(2 * 702 * u * bound[1][i][j]));
                }
            }
        }
    }

    @Test
    void dl4jParameterViewsAreReadInPlace() {
        // DL4J keeps a layer's weights as a column-major [nIn, nOut] view and its bias as a rank-1
        // view, both at offsets into one flat parameter buffer.
        SplittableRandom r = new SplittableRandom(13);
        int nIn = 40;
        int nOut = 17;
        INDArray flat = Fixtures.gaussian(r, 1, 5 + nIn * nOut + nOut, 1.0).castTo(DataType.FLOAT);
        INDArray w = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 5 + nIn * nOut)).reshape('f', nIn, nOut);
        INDArray b = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(5 + nIn * nOut, 5 + nIn * nOut + nOut));
        assertThat(w.isView()).isTrue();
        assertThat(b.rank()).isEqualTo(1);
        INDArray x = Fixtures.gaussian(r, 25, nIn, 1.0).castTo(DataType.FLOAT);
        INDArray big = Fixtures.gaussian(r, 60, nIn, 1.0).castTo(DataType.FLOAT);
        INDArray block = big.get(NDArrayIndex.interval(10, 35), NDArrayIndex.all());
        assertThat(block.isView()).isTrue();
        for (INDArray input : new INDArray[] {x, block}) {
            INDArray z = Blas.product(input, false, w, false, 'c', 1.0, b);
            assertClose(z, exact(input, false, w.dup('c'), false, 1.0, b.reshape(1, nOut).dup('c')), nIn, "view");
            INDArray g = Blas.product(input, true, z, false, 'f', 2.0 / 25, null);
            assertClose(g, exact(input, true, z, false, 2.0 / 25, null), 25, "gradient into the weights' ordering");
        }
    }

    @Test
    void operandsBlasCannotReadInPlaceGoToNd4jWithTheSameResult() {
        SplittableRandom r = new SplittableRandom(14);
        INDArray big = Fixtures.gaussian(r, 30, 40, 1.0).castTo(DataType.FLOAT);
        // every other column: neither row- nor column-major with a unit stride
        INDArray strided = big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 40));
        assertThat(Blas.Layout.of(strided)).isNull();
        INDArray w = Fixtures.gaussian(r, 20, 9, 1.0).castTo(DataType.FLOAT);
        INDArray b = Fixtures.gaussian(r, 1, 9, 1.0).castTo(DataType.FLOAT);
        INDArray z = Blas.product(strided, false, w, false, 'c', 1.0, b);
        assertClose(z, exact(strided.dup('c'), false, w, false, 1.0, b), 20, "fallback");
    }

    @Test
    void layoutsNameTheTransposeAndTheLeadingDimension() {
        INDArray c = Nd4j.zeros(DataType.FLOAT, 4, 6);
        assertThat(Blas.Layout.of(c)).isEqualTo(new Blas.Layout(false, 6));
        assertThat(Blas.Layout.of(c.dup('f'))).isEqualTo(new Blas.Layout(true, 4));
        assertThat(Blas.Layout.of(c.transpose())).isEqualTo(new Blas.Layout(true, 6));
        INDArray rowsView = Nd4j.zeros(DataType.FLOAT, 10, 6).get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        assertThat(Blas.Layout.of(rowsView)).isEqualTo(new Blas.Layout(false, 6));
        INDArray colsView = Nd4j.zeros(DataType.FLOAT, 10, 6).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
        assertThat(Blas.Layout.of(colsView)).isEqualTo(new Blas.Layout(false, 6));
    }

    /** alpha·op(a)·op(b) + bias in double, element by element, and beside it alpha·|op(a)|·|op(b)| + |bias|. */
    private static double[][][] exact(INDArray a, boolean ta, INDArray b, boolean tb, double alpha, INDArray bias) {
        double[][] av = toRows(ta ? a.transpose() : a);
        double[][] bv = toRows(tb ? b.transpose() : b);
        double[] bb = bias == null ? null : Rows.doubles(bias.reshape(1, bias.length()));
        int m = av.length;
        int n = bv[0].length;
        double[][] c = new double[m][n];
        double[][] magnitude = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int q = 0; q < bv.length; q++) {
                    s += av[i][q] * bv[q][j];
                    abs += Math.abs(av[i][q] * bv[q][j]);
                }
                c[i][j] = alpha * s + (bb == null ? 0 : bb[j]);
                magnitude[i][j] = Math.abs(alpha) * abs + (bb == null ? 0 : Math.abs(bb[j]));
            }
        }
        return new double[][][] {c, magnitude};
    }

    private static double[][] toRows(INDArray a) {
        double[] v = Rows.doubles(a.dup('c'));
        int rows = (int) a.size(0);
        int cols = (int) a.size(1);
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** Within the rounding error bound of a sum of k products, (k + 2)·u·(|alpha|·Σ|a·b| + |bias|), u a unit roundoff of c's type. */
    private static void assertClose(INDArray c, double[][][] reference, int k, String what) {
        double[][] got = toRows(c);
        double u = c.dataType() == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
        double[][] value = reference[0];
        for (int i = 0; i < value.length; i++) {
            for (int j = 0; j < value[i].length; j++) {
                double tolerance = (k + 2) * u * reference[1][i][j];
                assertThat(got[i][j]).as("%s at (%d, %d)", what, i, j).isCloseTo(value[i][j], org.assertj.core.api.Assertions.within(tolerance));
            }
        }
    }
}
