package descent.app.internal;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Native thread settings. The launcher exports {@code OMP_NUM_THREADS} from {@code --threads}
 * before the JVM starts (OpenMP reads it once); this sets ND4J's own limits to match.
 */
final class Devices {

    private Devices() {
    }

    static void useThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
