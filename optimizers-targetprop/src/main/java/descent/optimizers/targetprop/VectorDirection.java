package descent.optimizers.targetprop;

/**
 * Whether {@link LocalStep}'s float path sums its per-unit pieces with the JDK's Vector API
 * ({@link VectorDirectionKernel}): the incubator module {@code jdk.incubator.vector} is in the boot
 * layer (the launcher adds it unless {@code DESCENT_NO_VECTOR} is set) and offers 256-bit vectors.
 * The kernel's sums are the scalar loop's bit for bit ({@code LocalStep.accumulate}, the reference),
 * so training does not depend on which one runs. This class names no vector type, so it loads
 * everywhere; the kernel class is touched only when this says yes.
 */
final class VectorDirection {

    /** True when the kernel runs; system property {@code descent.fast.novector=true} turns it off. */
    static final boolean AVAILABLE = available();

    private VectorDirection() {
    }

    static double accumulate(float[] zs, float[] ts, float[] ds, int n, int units, boolean relu, double[] numerator, double[] denominator,
            double[] bn, double[] bd) {
        return VectorDirectionKernel.accumulate(zs, ts, ds, n, units, relu, numerator, denominator, bn, bd);
    }

    static long residual(float[] zs, float[] ts, float[] rs, boolean relu) {
        return VectorDirectionKernel.residual(zs, ts, rs, relu);
    }

    private static boolean available() {
        if (Boolean.getBoolean("descent.fast.novector")) {
            return false;
        }
        Module vector = ModuleLayer.boot().findModule("jdk.incubator.vector").orElse(null);
        if (vector == null || !VectorDirection.class.getModule().canRead(vector)) {
            return false;
        }
        try {
            return VectorDirectionKernel.bits() >= 256;
        } catch (LinkageError e) {
            return false;
        }
    }
}
