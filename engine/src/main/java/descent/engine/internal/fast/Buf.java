package descent.engine.internal.fast;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run of floats or doubles in native memory, seen two ways at once: as a BLAS operand (a javacpp
 * pointer, for {@link #gemm}) and as a Java buffer (absolute {@code get}/{@code set}, for the loops
 * of the executor). The executor's loops are written once, in double arithmetic, against this
 * class; the float subclass converts on access, which costs nothing next to the memory traffic.
 *
 * <p>Each buffer keeps one pointer object per operand slot of {@code gemm} (A, B, C) and moves
 * its position before a call, so a product allocates nothing even when one buffer is two of the
 * operands at different offsets.
 */
abstract sealed class Buf permits Buf.F32, Buf.F64 {

    /** Elements addressable through this buffer. */
    final int length;

    /** The array whose memory this is: keeps that memory alive while this buffer is. */
    private final INDArray owner;

    private Buf(int length, INDArray owner) {
        this.length = length;
        this.owner = owner;
    }

    abstract double get(int i);

    abstract void set(int i, double v);

    final void add(int i, double v) {
        set(i, get(i) + v);
    }

    /** Sets {@code [from, to)} to {@code v}. */
    abstract void fill(int from, int to, double v);

    /** The data type of the elements. */
    abstract DataType type();

    /** A new zeroed buffer of {@code n} elements of {@code type} (FLOAT or DOUBLE). */
    static Buf allocate(DataType type, int n) {
        return of(Nd4j.zeros(type, Math.max(1, n)));
    }

    /**
     * The memory of {@code a}, from its first element: {@code a} must be contiguous in its
     * ordering (a row-block view of a row-major matrix is), of type FLOAT or DOUBLE.
     */
    static Buf of(INDArray a) {
        long n = a.length();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array of " + n + " elements is too large for the fast executor");
        }
        // ND4J's addressPointer() of a view's buffer already points at the view's first element.
        Pointer base = a.data().addressPointer();
        return switch (a.dataType()) {
            case FLOAT -> new F32((int) n, a, base, 0);
            case DOUBLE -> new F64((int) n, a, base, 0);
            default -> throw new IllegalArgumentException("the fast executor needs FLOAT or DOUBLE arrays, got " + a.dataType());
        };
    }

    /**
     * The whole buffer that {@code a} is a view of, from that buffer's first element: for views
     * that move over one buffer, each at its {@link #rootOffset}.
     */
    static Buf ofRoot(INDArray a) {
        DataBuffer root = root(a);
        long n = root.length();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array of " + n + " elements is too large for the fast executor");
        }
        Pointer base = root.addressPointer();
        return switch (a.dataType()) {
            case FLOAT -> new F32((int) n, a, base, 0);
            case DOUBLE -> new F64((int) n, a, base, 0);
            default -> throw new IllegalArgumentException("the fast executor needs FLOAT or DOUBLE arrays, got " + a.dataType());
        };
    }

    /** The buffer {@code a}'s memory belongs to (each view has a buffer object of its own). */
    static DataBuffer root(INDArray a) {
        DataBuffer d = a.data();
        DataBuffer original = d.originalDataBuffer();
        return original != null ? original : d;
    }

    /** Element offset of {@code a}'s first value in {@link #root}. */
    static long rootOffset(INDArray a) {
        return a.offset() - root(a).offset();
    }

    /** Whether {@code a} can be viewed by {@link #of} as its elements in row-major order. */
    static boolean rowMajorContiguous(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            return false;
        }
        if (a.rank() == 1 || a.length() == 1) {
            return a.elementWiseStride() == 1 || a.length() == 1;
        }
        if (a.rank() != 2) {
            return false;
        }
        long[] stride = a.stride();
        return (a.size(1) == 1 || stride[1] == 1) && (a.size(0) == 1 || stride[0] == a.size(1));
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, {@code op} a transpose where asked:
     * {@code cblas_sgemm} or {@code cblas_dgemm} of the OpenBLAS that ND4J itself loads. All
     * three buffers must have this type. Offsets and leading dimensions are in elements.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buf a, int aOff, int lda,
            Buf b, int bOff, int ldb, double beta, Buf c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c instanceof F32 fc) {
            F32 fa = (F32) a;
            F32 fb = (F32) b;
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, (float) alpha,
                    fa.slotA.position(fa.first + aOff), lda, fb.slotB.position(fb.first + bOff), ldb, (float) beta,
                    fc.slotC.position(fc.first + cOff), ldc);
        } else {
            F64 da = (F64) a;
            F64 db = (F64) b;
            F64 dc = (F64) c;
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                    da.slotA.position(da.first + aOff), lda, db.slotB.position(db.first + bOff), ldb, beta,
                    dc.slotC.position(dc.first + cOff), ldc);
        }
    }

    /** Float elements. */
    static final class F32 extends Buf {
        private final FloatBuffer buffer;
        private final long first;
        private final FloatPointer slotA;
        private final FloatPointer slotB;
        private final FloatPointer slotC;

        private F32(int length, INDArray owner, Pointer base, long offset) {
            super(length, owner);
            FloatPointer p = new FloatPointer(base);
            this.first = p.position() + offset;
            FloatPointer view = new FloatPointer(base);
            view.position(first).limit(first + length).capacity(first + length);
            this.buffer = view.asBuffer();
            this.slotA = new FloatPointer(base);
            this.slotB = new FloatPointer(base);
            this.slotC = new FloatPointer(base);
        }

        @Override
        double get(int i) {
            return buffer.get(i);
        }

        @Override
        void set(int i, double v) {
            buffer.put(i, (float) v);
        }

        @Override
        void fill(int from, int to, double v) {
            float f = (float) v;
            for (int i = from; i < to; i++) {
                buffer.put(i, f);
            }
        }

        @Override
        DataType type() {
            return DataType.FLOAT;
        }

        /** Copies {@code len} values from {@code src[off..]} to elements {@code index..}. */
        void put(int index, float[] src, int off, int len) {
            buffer.put(index, src, off, len);
        }

        /** Copies {@code len} values from elements {@code index..} to {@code dst[off..]}. */
        void get(int index, float[] dst, int off, int len) {
            buffer.get(index, dst, off, len);
        }

        float getFloat(int i) {
            return buffer.get(i);
        }

        void setFloat(int i, float v) {
            buffer.put(i, v);
        }
    }

    /** Double elements. */
    static final class F64 extends Buf {
        private final DoubleBuffer buffer;
        private final long first;
        private final DoublePointer slotA;
        private final DoublePointer slotB;
        private final DoublePointer slotC;

        private F64(int length, INDArray owner, Pointer base, long offset) {
            super(length, owner);
            DoublePointer p = new DoublePointer(base);
            this.first = p.position() + offset;
            DoublePointer view = new DoublePointer(base);
            view.position(first).limit(first + length).capacity(first + length);
            this.buffer = view.asBuffer();
            this.slotA = new DoublePointer(base);
            this.slotB = new DoublePointer(base);
            this.slotC = new DoublePointer(base);
        }

        @Override
        double get(int i) {
            return buffer.get(i);
        }

        @Override
        void set(int i, double v) {
            buffer.put(i, v);
        }

        @Override
        void fill(int from, int to, double v) {
            for (int i = from; i < to; i++) {
                buffer.put(i, v);
            }
        }

        @Override
        DataType type() {
            return DataType.DOUBLE;
        }
    }
}
