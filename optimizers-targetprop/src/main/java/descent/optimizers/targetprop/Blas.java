package descent.optimizers.targetprop;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products for the trainers: {@code cblas_sgemm} or {@code cblas_dgemm} of the OpenBLAS
 * that ND4J itself loads, called directly on the arrays' memory, with ND4J's {@code gemm} as the
 * fallback.
 *
 * <p>Why: ND4J's {@code gemm} goes through its {@code matmul} op (shape checks, an op context, a
 * zero-filled result), which costs 10 to 20 % on top of the BLAS call for the 500-wide layers of
 * seed 001's networks, and a bias row added afterwards is one more pass over the result (read,
 * add, write). Here the result is filled with the bias rows first and the product added onto them
 * ({@code beta = 1}), and a scale factor rides along as {@code alpha}: one pass, no extra array.
 *
 * <p>The direct call is taken on ND4J's CPU backend for FLOAT or DOUBLE operands that BLAS can
 * read in place: row-major with unit column stride, or column-major (read as the transpose of a
 * row-major matrix), views included. Anything else (another backend, a strided view, mixed types)
 * goes to ND4J's {@code gemm}, with the bias added by {@link Rows#addRow}.
 *
 * <p>Rounding: OpenBLAS sums each element's products in blocks of the inner dimension and adds
 * each block's sum to the result, so {@code bias + Σ} (here) and {@code Σ + bias} (ND4J's gemm,
 * then an add) can differ in the last bit of a float where the inner dimension spans several
 * blocks; the tests hold both to a float's rounding of the exact product.
 */
final class Blas {

    /** Whether the direct call is possible at all (ND4J's CPU backend, whose OpenBLAS is loaded). */
    static final boolean DIRECT = direct();

    private Blas() {
    }

    private static boolean direct() {
        try {
            return Nd4j.getEnvironment().isCPU() && !Boolean.getBoolean("descent.targetprop.nd4jGemm");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code alpha·op(a)·op(b) + 1·bias} (bias a row added to every row of the result, or null) as
     * a new array of a's type in the given ordering ('c' or 'f'; a bias needs 'c').
     */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, char order, double alpha, INDArray bias) {
        long m = transposeA ? a.size(1) : a.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[] {m, n}, order);
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        boolean typed = (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && b.dataType() == a.dataType() && (bias == null || bias.dataType() == a.dataType() && bias.length() == n);
        if (!DIRECT || la == null || lb == null || !typed || (bias != null && order != 'c') || m == 0 || n == 0 || k == 0
                || m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, 0.0);
            return bias == null ? c : Rows.addRow(c, bias);
        }
        double beta = 0;
        if (bias != null) {
            fillRows(c, bias, (int) m, (int) n);
            beta = 1;
        }
        boolean ta = transposeA != la.transposed;
        boolean tb = transposeB != lb.transposed;
        if (order == 'c') {
            call(a.dataType(), ta, tb, (int) m, (int) n, (int) k, alpha, a, la.ld, b, lb.ld, beta, c, (int) n);
        } else {
            // A column-major C is the row-major Cᵀ = op(b)ᵀ·op(a)ᵀ.
            call(a.dataType(), !tb, !ta, (int) n, (int) m, (int) k, alpha, b, lb.ld, a, la.ld, beta, c, (int) m);
        }
        return c;
    }

    private static void call(DataType type, boolean ta, boolean tb, int m, int n, int k, double alpha, INDArray a, int lda, INDArray b,
            int ldb, double beta, INDArray c, int ldc) {
        int opA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        // ND4J's address pointer of a view's buffer points at the view's first element.
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, (float) alpha,
                    new FloatPointer(a.data().addressPointer()), lda, new FloatPointer(b.data().addressPointer()), ldb, (float) beta,
                    new FloatPointer(c.data().addressPointer()), ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha,
                    new DoublePointer(a.data().addressPointer()), lda, new DoublePointer(b.data().addressPointer()), ldb, beta,
                    new DoublePointer(c.data().addressPointer()), ldc);
        }
    }

    /** Every row of the fresh row-major {@code c [m, n]} set to {@code bias}, a row at a time (no array of c's size in Java). */
    private static void fillRows(INDArray c, INDArray bias, int m, int n) {
        if (c.dataType() == DataType.FLOAT) {
            float[] row = Rows.floats(bias);
            java.nio.FloatBuffer buffer = c.data().asNioFloat();
            for (int i = 0; i < m; i++) {
                buffer.put(i * n, row);
            }
        } else {
            double[] row = Rows.doubles(bias);
            java.nio.DoubleBuffer buffer = c.data().asNioDouble();
            for (int i = 0; i < m; i++) {
                buffer.put(i * n, row);
            }
        }
    }

    /**
     * How BLAS reads a 2-d array in place as a row-major operand: itself (unit column stride) or
     * its transpose (unit row stride), with the leading dimension.
     */
    record Layout(boolean transposed, int ld) {

        /** The layout of {@code a}, or null if BLAS cannot read it in place. */
        static Layout of(INDArray a) {
            if (a.rank() != 2 || a.length() == 0) {
                return null;
            }
            long rows = a.size(0);
            long cols = a.size(1);
            long s0 = a.stride(0);
            long s1 = a.stride(1);
            if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols)) {
                return new Layout(false, (int) Math.max(rows == 1 ? cols : s0, Math.max(1, cols)));
            }
            if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows)) {
                return new Layout(true, (int) Math.max(cols == 1 ? rows : s1, Math.max(1, rows)));
            }
            return null;
        }
    }
}
