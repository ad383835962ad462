package descent.engine.internal.grad;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** In-place gradient transforms. Every method modifies {@code gradient} and reads {@code theta} only. */
public final class GradientOps {

    private GradientOps() {
    }

    /** Clamps every element of {@code gradient} to [−c, c] in place (NaN elements stay NaN). */
    public static void clipByValue(INDArray gradient, double c) {
        Transforms.min(gradient, c, false);
        Transforms.max(gradient, -c, false);
    }

    /**
     * Scales {@code gradient} in place so that its L2 norm is at most {@code max}; leaves it
     * untouched (not even rescaled by 1) when the norm is already ≤ {@code max} or not a number.
     *
     * @return the norm before clipping
     */
    public static double clipByNorm(INDArray gradient, double max) {
        double norm = gradient.norm2Number().doubleValue();
        if (norm > max) {
            gradient.muli(max / norm);
        }
        return norm;
    }

    /** g ← g + λθ in place: the gradient of λ/2·‖θ‖² added to {@code gradient}. */
    public static void addWeightDecay(INDArray gradient, INDArray theta, double lambda) {
        if (theta.length() != gradient.length()) {
            throw new IllegalArgumentException("parameters have " + theta.length() + " elements but the gradient has " + gradient.length());
        }
        INDArray t = Arrays.equals(theta.shape(), gradient.shape()) ? theta : theta.reshape(gradient.shape());
        gradient.addi(t.mul(lambda));
    }

    /** λ/2·‖θ‖² (the norm is reduced in θ's data type). */
    public static double weightDecayPenalty(INDArray theta, double lambda) {
        double norm = theta.norm2Number().doubleValue();
        return lambda / 2 * norm * norm;
    }
}
