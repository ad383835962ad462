package descent.optimizers.targetprop;

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
        return z.addi(outer(z.size(0), b));
    }

    /** The matrix of {@code rows} copies of row {@code b}. */
    static INDArray outer(long rows, INDArray b) {
        INDArray row = b.reshape(1, b.length()).castTo(b.dataType());
        return Nd4j.ones(b.dataType(), rows, 1).mmul(row);
    }

    /** The column sums of a, as a row {@code [1, columns]}. */
    static INDArray columnSums(INDArray a) {
        return Nd4j.ones(a.dataType(), 1, a.size(0)).mmul(a);
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
