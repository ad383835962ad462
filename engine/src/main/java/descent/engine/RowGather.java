package descent.engine;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mini-batch's rows copied from the training split into the batch's buffer: one bulk copy a row
 * through the arrays' Java buffers, the same values as {@code Nd4j.pullRows} (a copy rounds
 * nothing), which falls back where the arrays are not plain row-major memory from their first
 * element.
 *
 * <p>Why: {@code pullRows} allocates shape and TAD buffers on every call (two a step), and javacpp
 * registers each native allocation under one JVM-wide lock while it reads the process's memory
 * use; two trainings in one JVM (the Spark executor's) then queue for that lock at every step.
 */
final class RowGather {

    private RowGather() {
    }

    /** {@code into[i] = from[rows[i]]} for every row of {@code into}; returns {@code into}. */
    static INDArray gather(INDArray from, int[] rows, INDArray into) {
        if (!plain(from) || !plain(into) || from.dataType() != into.dataType() || from.size(1) != into.size(1)
                || into.size(0) != rows.length) {
            return Nd4j.pullRows(from, into, 1, rows);
        }
        int width = (int) from.size(1);
        long n = from.size(0);
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IndexOutOfBoundsException("row " + r + " of a split of " + n);
            }
        }
        if (from.dataType() == DataType.FLOAT) {
            FloatBuffer src = from.data().asNioFloat();
            FloatBuffer dst = into.data().asNioFloat();
            float[] row = new float[width];
            for (int i = 0; i < rows.length; i++) {
                src.get(rows[i] * width, row, 0, width);
                dst.put(i * width, row, 0, width);
            }
        } else {
            DoubleBuffer src = from.data().asNioDouble();
            DoubleBuffer dst = into.data().asNioDouble();
            double[] row = new double[width];
            for (int i = 0; i < rows.length; i++) {
                src.get(rows[i] * width, row, 0, width);
                dst.put(i * width, row, 0, width);
            }
        }
        return into;
    }

    /** A FLOAT or DOUBLE matrix whose elements are its buffer's, row after row, from the buffer's first. */
    static boolean plain(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.rank() == 2 && a.ordering() == 'c' && a.offset() == 0
                && a.data().offset() == 0 && (a.size(1) == 1 || a.stride(1) == 1) && (a.size(0) == 1 || a.stride(0) == a.size(1)) && a.data().length() >= a.length()
                && a.length() <= Integer.MAX_VALUE;
    }
}
