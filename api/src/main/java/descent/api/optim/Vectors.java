package descent.api.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In-place arithmetic on parameter-sized vectors for optimizer authors: y ← a x + y, x ← a x and
 * y ← x, as one BLAS level-1 call where the arrays allow it.
 *
 * <p>An ND4J op such as {@code y.addi(x.mul(a))} costs two native calls of about 25 µs each plus a
 * temporary; on a small net that is a large part of a step. {@code cblas_saxpy} on the same
 * buffers costs a few microseconds. The BLAS route applies when both arrays hold the same
 * floating-point type, have the same length, are contiguous (element-wise stride 1) and agree on
 * the order of their elements (both vectors, or both 'c' with one shape); otherwise these methods
 * fall back to the equivalent ND4J ops, with the arrays' elements paired in 'c' order as
 * {@code reshape('c', …)} pairs them. Results may differ from the ND4J ops in the last bit (BLAS
 * may fuse the multiply and add).
 */
public final class Vectors {

    private Vectors() {
    }

    /** y ← a x + y; {@code x} is read, never kept. */
    public static void axpy(double a, INDArray x, INDArray y) {
        if (blasApplies(x, y)) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), a, x, y);
        } else {
            y.addi(x.reshape('c', y.shape()).mul(a));
        }
    }

    /** x ← a x. */
    public static void scale(double a, INDArray x) {
        if (blasType(x) && x.elementWiseStride() == 1) {
            Nd4j.getBlasWrapper().level1().scal(x.length(), a, x);
        } else {
            x.muli(a);
        }
    }

    /** y ← x; {@code x} is read, never kept. */
    public static void copy(INDArray x, INDArray y) {
        if (blasApplies(x, y)) {
            Nd4j.getBlasWrapper().level1().copy(x, y);
        } else {
            y.assign(x.reshape('c', y.shape()));
        }
    }

    /** Whether {@link #axpy} and {@link #copy} take the BLAS route for {@code x} and {@code y}. */
    public static boolean blasApplies(INDArray x, INDArray y) {
        if (!blasType(x) || x.dataType() != y.dataType() || x.length() != y.length()) {
            return false;
        }
        if (x.elementWiseStride() != 1 || y.elementWiseStride() != 1) {
            return false;
        }
        if (x.isVectorOrScalar() && y.isVectorOrScalar()) {
            return true;
        }
        return x.ordering() == 'c' && y.ordering() == 'c' && java.util.Arrays.equals(x.shape(), y.shape());
    }

    private static boolean blasType(INDArray x) {
        DataType t = x.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && x.length() > 0 && x.length() <= Integer.MAX_VALUE;
    }
}
