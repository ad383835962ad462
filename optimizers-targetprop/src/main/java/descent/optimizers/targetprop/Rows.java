package descent.optimizers.targetprop;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-wise operations written without ND4J's broadcast and along-dimension reductions.
 *
 * <p>Why: ND4J 1.0.0-M2.1's CPU backend can crash the JVM (SIGSEGV in
 * {@code sd::TadDescriptor::TadDescriptor} under {@code execBroadcast}) after millions of
 * broadcast calls; it crashed a 45-run soybean comparison here, and is deeplearning4j issue 9278,
 * fixed upstream after this release (pull request 9978). A row added to every row is an outer
 * product with a column of ones (one BLAS gemm and an element-wise add), a column sum is a
 * product with a row of ones, and the softmax of a few classes is a loop.
 *
 * <p>Element-wise work that ND4J would do in several allocating operations (a bias added to every
 * row, reading a matrix into Java) is done here in Java loops over bulk copies of the array's
 * memory, which give the same floating-point results: a float plus a float is rounded the same way
 * in either place, and a float widens to the same double.
 */
final class Rows {

    private Rows() {
    }

    /** {@code z + 1·b} for a row {@code b} of z's width; a new array. */
    static INDArray plusRow(INDArray z, INDArray b) {
        return z.add(outer(z.size(0), b));
    }

    /** {@code z += 1·b} in place; returns z. */
    static INDArray addRow(INDArray z, INDArray b) {
        if (!owned(z) || b.dataType() != z.dataType() || b.length() != z.size(1)
                || (z.dataType() != DataType.FLOAT && z.dataType() != DataType.DOUBLE)) {
            return z.addi(outer(z.size(0), b));
        }
        int n = (int) z.length();
        int width = (int) z.size(1);
        if (z.dataType() == DataType.FLOAT) {
            float[] row = floats(b);
            float[] v = new float[n];
            FloatBuffer buffer = z.data().asNioFloat();
            buffer.get(0, v);
            for (int k = 0; k < n; k += width) {
                for (int j = 0; j < width; j++) {
                    v[k + j] += row[j];
                }
            }
            buffer.put(0, v);
        } else {
            double[] row = doubles(b);
            double[] v = new double[n];
            DoubleBuffer buffer = z.data().asNioDouble();
            buffer.get(0, v);
            for (int k = 0; k < n; k += width) {
                for (int j = 0; j < width; j++) {
                    v[k + j] += row[j];
                }
            }
            buffer.put(0, v);
        }
        return z;
    }

    /** {@code h + σ·ε} with ε standard normal from {@code random}, row by row; a new array of h's type and shape. */
    static INDArray plusNoise(INDArray h, double sigma, SplittableRandom random) {
        return plusNoise(h, sigma, random, null);
    }

    /** {@link #plusNoise(INDArray, double, SplittableRandom)} working in {@code scratch}'s slot 4 (null: a fresh array). */
    static INDArray plusNoise(INDArray h, double sigma, SplittableRandom random, LocalStep.Scratch scratch) {
        if (h.dataType() == DataType.FLOAT) {
            float[] f = scratch == null ? floats(h) : floats(h, scratch.floats(4, (int) h.length()));
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (f[i] + sigma * random.nextGaussian());
            }
            return matrix(f, (int) h.size(0), (int) h.size(1));
        }
        double[] v = doubles(h);
        for (int i = 0; i < v.length; i++) {
            v[i] += sigma * random.nextGaussian();
        }
        return matrix(v, (int) h.size(0), (int) h.size(1), h.dataType());
    }

    /**
     * {@code op(a)·op(b)}, op a transpose where asked, as a new row-major array: one BLAS gemm
     * ({@link Blas}; ND4J's {@code mmul} is a custom op that costs up to 1.7 times as much for these shapes).
     */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        return product(a, transposeA, b, transposeB, 'c');
    }

    /**
     * {@link #product(INDArray, boolean, INDArray, boolean)} in the given ordering: a gradient in
     * the ordering of the weights it updates keeps that update a linear pass (DL4J's weights are
     * column-major views; ND4J adds arrays of mixed orderings element by element, 8 ms a step here).
     */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, char order) {
        return Blas.product(a, transposeA, b, transposeB, order, 1.0, null);
    }

    /** A new row-major {@code [rows, columns]} array of {@code type} holding {@code v} (rounded to float for FLOAT). */
    static INDArray matrix(double[] v, int rows, int columns, DataType type) {
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
            a.data().asNioFloat().put(0, f);
            return a;
        }
        if (type == DataType.DOUBLE) {
            INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, rows, columns);
            a.data().asNioDouble().put(0, v);
            return a;
        }
        return Nd4j.create(v, new long[] {rows, columns}, 'c').castTo(type);
    }

    /** A new row-major float {@code [rows, columns]} array holding {@code v}. */
    static INDArray matrix(float[] v, int rows, int columns) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        a.data().asNioFloat().put(0, v);
        return a;
    }

    /** A new array {@code a[i, j]·s[j]}, the scale rounded to a's precision first (as ND4J's column broadcast does). */
    static INDArray scaleColumns(INDArray a, double[] s) {
        int rows = (int) a.size(0);
        int columns = (int) a.size(1);
        double[] v = doubles(a);
        if (a.dataType() == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i] * (float) s[i % columns];
            }
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
            out.data().asNioFloat().put(0, f);
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] *= s[i % columns];
        }
        return matrix(v, rows, columns, a.dataType());
    }

    /**
     * Whether {@code a} owns its memory from the first element on, in row-major order, as a fresh
     * result of an operation does: then its buffer's Java view holds exactly its elements in order.
     */
    static boolean owned(INDArray a) {
        return a.rank() == 2 && a.ordering() == 'c' && a.offset() == 0 && a.data().offset() == 0
                && a.data().length() == a.length() && !a.isView() && a.stride(1) == 1 && a.stride(0) == a.size(1);
    }

    /** The elements of a FLOAT array in row-major order (a copy). */
    static float[] floats(INDArray a) {
        return floats(a, new float[(int) a.length()]);
    }

    /** The elements of a FLOAT array in row-major order, copied into {@code into} (of a's length); returns it. */
    static float[] floats(INDArray a, float[] into) {
        if (into.length != a.length()) {
            throw new IllegalArgumentException("array of " + a.length() + " elements into " + into.length);
        }
        INDArray c = owned(a) ? a : a.reshape('c', 1, a.length()).dup('c');
        c.data().asNioFloat().get(0, into);
        return into;
    }

    /** The elements of an array in row-major order as doubles (a copy; floats widen exactly). */
    static double[] doubles(INDArray a) {
        INDArray c = owned(a) ? a : a.dup('c').reshape('c', 1, a.length());
        int n = (int) c.length();
        double[] v = new double[n];
        if (c.dataType() == DataType.FLOAT) {
            float[] f = new float[n];
            c.data().asNioFloat().get(0, f);
            for (int i = 0; i < n; i++) {
                v[i] = f[i];
            }
        } else if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(0, v);
        } else {
            return c.data().asDouble();
        }
        return v;
    }

    /** The matrix of {@code rows} copies of row {@code b}. */
    static INDArray outer(long rows, INDArray b) {
        INDArray row = b.reshape(1, b.length()).castTo(b.dataType());
        return product(Nd4j.ones(b.dataType(), rows, 1), false, row, false);
    }

    /** The column sums of a, as a row {@code [1, columns]}. */
    static INDArray columnSums(INDArray a) {
        return columnSums(a, 1.0);
    }

    /** {@code scale} times the column sums of a, as a row {@code [1, columns]} (the scale applied as BLAS's alpha). */
    static INDArray columnSums(INDArray a, double scale) {
        return Blas.product(Nd4j.ones(a.dataType(), 1, a.size(0)), false, a, false, 'c', scale, null);
    }

    /** The row-wise log-softmax of {@code logits [N, C]}, computed in double, in the logits' type. */
    static INDArray logSoftmax(INDArray logits) {
        int n = (int) logits.size(0);
        int c = (int) logits.size(1);
        double[] z = LocalStep.rowMajor(logits);
        for (int k = 0; k < n; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, z[k * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(z[k * c + j] - max);
            }
            double log = max + Math.log(sum);
            for (int j = 0; j < c; j++) {
                z[k * c + j] -= log;
            }
        }
        return Nd4j.create(z, new long[] {n, c}, 'c').castTo(logits.dataType());
    }
}
