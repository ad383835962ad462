package descent.engine.internal.fast;

/**
 * Whether the fast executor's Vector API kernels ({@link VectorConv}) can run in this JVM: the
 * incubator module {@code jdk.incubator.vector} is resolved in the boot layer (the launcher adds it
 * unless {@code DESCENT_NO_VECTOR} is set) and has 256-bit vectors to offer. This class names no
 * vector type, so it loads everywhere; {@link VectorConv} is touched only when this says yes.
 */
public final class VectorSupport {

    /** True when the Vector API kernels run; system property {@code descent.fast.novector=true} turns them off. */
    public static final boolean AVAILABLE = available();

    private VectorSupport() {
    }

    private static boolean available() {
        if (Boolean.getBoolean("descent.fast.novector") || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
        } catch (LinkageError e) {
            return false;
        }
    }
}
