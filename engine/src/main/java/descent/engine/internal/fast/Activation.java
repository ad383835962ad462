package descent.engine.internal.fast;

import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The element-wise activations the fast executor runs, with DL4J's definitions: ReLU
 * ({@code max(0, z)}, derivative 0 at 0), leaky ReLU ({@code z} for z &gt; 0, else {@code αz};
 * derivative α at 0, as DL4J's), tanh, identity.
 */
enum Activation {
    RELU, LEAKY_RELU, TANH, IDENTITY;

    /** The activation of a DL4J layer, with leaky ReLU's α in {@code alpha[0]}; empty if unsupported. */
    static Optional<Activation> of(IActivation a, double[] alpha) {
        if (a instanceof ActivationReLU relu) {
            // DL4J's ReLU has optional max, threshold and negative slope; only the plain one is supported.
            if (relu.getMax() != null || relu.getThreshold() != null || relu.getNegativeSlope() != null) {
                return Optional.empty();
            }
            return Optional.of(RELU);
        }
        if (a instanceof ActivationLReLU leaky) {
            alpha[0] = leaky.getAlpha();
            return Optional.of(LEAKY_RELU);
        }
        if (a instanceof ActivationTanH) {
            return Optional.of(TANH);
        }
        if (a instanceof ActivationIdentity) {
            return Optional.of(IDENTITY);
        }
        return Optional.empty();
    }

    /** The activation of {@code z}. */
    double apply(double z, double alpha) {
        return switch (this) {
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z > 0 ? z : alpha * z;
            case TANH -> Math.tanh(z);
            case IDENTITY -> z;
        };
    }

    /** The derivative at {@code z}, given the activation's value {@code h} there. */
    double derivative(double z, double h, double alpha) {
        return switch (this) {
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : alpha;
            case TANH -> 1 - h * h;
            case IDENTITY -> 1;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
