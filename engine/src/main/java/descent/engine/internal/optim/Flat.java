package descent.engine.internal.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** When an optimizer may read and write parameter-sized arrays as flat runs of their buffers. */
final class Flat {

    private Flat() {
    }

    /**
     * Whether {@code a} and {@code b} are FLOAT or DOUBLE arrays of one type and length whose
     * elements, in 'c' order, are their buffers' first {@code length} elements: not views at an
     * offset, element-wise stride 1, and either vectors or row-major. Then the Java buffer of each,
     * read from index 0, pairs their elements as {@code reshape('c', …)} pairs them.
     */
    static boolean applies(INDArray a, INDArray b) {
        return flat(a) && flat(b) && a.dataType() == b.dataType() && a.length() == b.length();
    }

    private static boolean flat(INDArray a) {
        DataType t = a.dataType();
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || a.length() == 0 || a.length() > Integer.MAX_VALUE) {
            return false;
        }
        if (a.offset() != 0 || a.data().offset() != 0 || a.data().length() < a.length() || a.elementWiseStride() != 1) {
            return false;
        }
        return a.isVectorOrScalar() || a.ordering() == 'c';
    }
}
