package descent.optimizers.ode.internal;

import descent.api.optim.Vectors;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies and conversions of parameter-sized vectors shared by the optimizers of this module. */
final class Buffers {

    private Buffers() {
    }

    /**
     * A new 'c'-ordered array with the shape and data type of {@code like} holding the values of
     * {@code source} (read, never kept): the way every optimizer here takes its own copy of an
     * engine buffer.
     */
    static INDArray copyLike(INDArray source, INDArray like) {
        INDArray copy = Nd4j.createUninitialized(like.dataType(), like.shape(), 'c');
        Vectors.copy(source, copy);
        return copy;
    }

    /**
     * {@code owned} itself when it already has the shape and data type of {@code like}, otherwise a
     * converted copy; for arrays the caller owns, such as the oracle's fresh gradients.
     */
    static INDArray conform(INDArray owned, INDArray like) {
        if (owned.dataType() == like.dataType() && Arrays.equals(owned.shape(), like.shape())) {
            return owned;
        }
        return copyLike(owned, like);
    }

    /** Whether {@code a} has the shape and data type of {@code like}. */
    static boolean matches(INDArray a, INDArray like) {
        return a.dataType() == like.dataType() && Arrays.equals(a.shape(), like.shape());
    }
}
