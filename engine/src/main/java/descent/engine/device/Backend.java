package descent.engine.device;

import descent.api.DescentException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A backend ND4J can compute on, with the Maven artifact that provides it and its rank. The ranks
 * are ND4J's own defaults ({@code Nd4jBackend.BACKEND_PRIORITY_GPU} 100 above
 * {@code BACKEND_PRIORITY_CPU} 0), so that {@code --device auto} and ND4J agree when both backends
 * are on the module path.
 *
 * <p>Stability: experimental.
 */
public enum Backend {

    /** The CPU: {@code org.nd4j:nd4j-native} with OpenBLAS, bundled with descent. */
    CPU("cpu", "org.nd4j.linalg.cpu.nativecpu.CpuBackend", "nd4j-native", 0,
            "it is bundled with descent; reinstall descent"),

    /** An NVIDIA GPU through CUDA 11.6: {@code org.nd4j:nd4j-cuda-11.6}, not bundled by default. */
    CUDA("cuda", "org.nd4j.linalg.jcublas.JCublasBackend", "nd4j-cuda-11.6", 100,
            "build descent with the CUDA profile ('mvn -Pcuda install'), which adds nd4j-cuda-11.6 to app/target/descent/lib");

    private final String id;
    private final String backendClass;
    private final String artifact;
    private final int rank;
    private final String howToGet;

    Backend(String id, String backendClass, String artifact, int rank, String howToGet) {
        this.id = id;
        this.backendClass = backendClass;
        this.artifact = artifact;
        this.rank = rank;
        this.howToGet = howToGet;
    }

    /** The id a user types after {@code --device}. */
    public String id() {
        return id;
    }

    /** The name of ND4J's {@code Nd4jBackend} subclass that implements this backend. */
    public String backendClass() {
        return backendClass;
    }

    /** The Maven artifact ({@code org.nd4j:...}) that provides this backend. */
    public String artifact() {
        return artifact;
    }

    /** Higher ranks are preferred by {@code --device auto} (and by ND4J). */
    public int rank() {
        return rank;
    }

    /** One clause saying how to put this backend's artifact on the module path. */
    public String howToGet() {
        return howToGet;
    }

    /**
     * Whether this backend's class can be loaded; loads it without initialising it, so neither ND4J
     * nor any native library is touched.
     */
    public boolean present() {
        try {
            Class.forName(backendClass, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Every backend, best-ranked first. */
    public static List<Backend> ranked() {
        return Arrays.stream(values()).sorted(Comparator.comparingInt(Backend::rank).reversed()).toList();
    }

    /**
     * The backend whose id is {@code id}, ignoring case.
     *
     * @throws DescentException naming the known ids when there is none
     */
    public static Backend byId(String id) {
        for (Backend b : values()) {
            if (b.id.equalsIgnoreCase(id)) {
                return b;
            }
        }
        throw new DescentException("unknown device '" + id + "'; known: auto, "
                + Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
