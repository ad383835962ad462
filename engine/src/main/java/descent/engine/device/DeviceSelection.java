package descent.engine.device;

import descent.api.DescentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The backend descent computes on and why: {@code --device auto} takes the best-ranked backend that
 * can run here (CUDA when {@code nd4j-cuda-11.6} is on the module path and a GPU is visible, else the
 * CPU); an explicit {@code cpu} or {@code cuda} is taken as given, or fails in one line naming what
 * is missing.
 *
 * <p>Order of use, all before anything touches {@link Nd4j}: {@link #select(String)}, then {@link
 * #apply()} (checks that ND4J's own ranking will load the backend chosen); once ND4J is up, {@link
 * #verify()} compares the backend ND4J loaded with the choice. ND4J ranks its backends by
 * {@code Nd4jBackend.BACKEND_PRIORITY_CPU} and {@code BACKEND_PRIORITY_GPU}, which it reads from the
 * environment variables of those names once, when the class initialises, and by nothing else; so
 * forcing the CPU while the CUDA backend is on the module path needs {@code BACKEND_PRIORITY_CPU}
 * above {@code BACKEND_PRIORITY_GPU} before the JVM starts, which the {@code descent} launcher sets
 * from {@code --device}.
 *
 * <p>Stability: experimental.
 *
 * @param requested what was asked for: {@code auto}, {@code cpu} or {@code cuda}, lower case
 * @param backend the backend chosen
 * @param reasons why, one clause each, in the order they were weighed
 */
public record DeviceSelection(String requested, Backend backend, List<String> reasons) {

    /** The values {@code --device} accepts. */
    public static final List<String> CHOICES = List.of("auto", "cpu", "cuda");

    /** Validates and copies the reasons. */
    public DeviceSelection {
        if (!CHOICES.contains(requested)) {
            throw new IllegalArgumentException("requested must be one of " + CHOICES + ", got '" + requested + "'");
        }
        reasons = List.copyOf(reasons);
    }

    /**
     * Chooses the backend for {@code --device requested} from the backends on the module path and
     * the GPUs visible; touches no native library.
     *
     * @param requested {@code auto}, {@code cpu} or {@code cuda} (any case); null means {@code auto}
     * @throws DescentException for an unknown name, or an explicit choice that cannot run here
     */
    public static DeviceSelection select(String requested) {
        return select(requested, Backend::present, Gpus.visible());
    }

    /** {@link #select(String)} with what is present and which GPU is visible given. */
    static DeviceSelection select(String requested, Predicate<Backend> present, Optional<String> gpu) {
        String choice = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        if (!choice.equals("auto")) {
            Backend wanted = Backend.byId(choice);
            if (!present.test(wanted)) {
                throw new DescentException("--device " + choice + ": the " + wanted + " backend '" + wanted.artifact()
                        + "' is not on the module path; " + wanted.howToGet() + (wanted == Backend.CPU ? "" : ", or use --device cpu"));
            }
            if (wanted == Backend.CUDA && gpu.isEmpty()) {
                throw new DescentException("--device cuda: '" + wanted.artifact() + "' is present but no GPU is visible ("
                        + Gpus.lookedFor() + "); check the NVIDIA driver with nvidia-smi, or use --device cpu");
            }
            return new DeviceSelection(choice, wanted, List.of("requested with --device " + choice));
        }
        List<String> reasons = new ArrayList<>();
        for (Backend b : Backend.ranked()) {
            if (!present.test(b)) {
                reasons.add("'" + b.artifact() + "' is not on the module path");
            } else if (b == Backend.CUDA && gpu.isEmpty()) {
                reasons.add("'" + b.artifact() + "' is present but no GPU is visible (" + Gpus.lookedFor() + ")");
            } else {
                reasons.add(b == Backend.CUDA ? "'" + b.artifact() + "' is present and a GPU is visible (" + gpu.get() + ")"
                        : "'" + b.artifact() + "' is present");
                return new DeviceSelection(choice, b, reasons);
            }
        }
        throw new DescentException("--device auto: no ND4J backend is on the module path (" + String.join("; ", reasons)
                + "); reinstall descent");
    }

    /**
     * Checks, before ND4J initialises, that ND4J's ranking of the backends present will load an
     * explicitly chosen one; with CUDA and CPU both present, the higher of
     * {@code BACKEND_PRIORITY_CPU} and {@code BACKEND_PRIORITY_GPU} wins in ND4J. Under
     * {@code auto} nothing is enforced: ND4J tries CUDA first and skips it when its libraries do not
     * load (measured with {@code nd4j-cuda-11.6} on a machine without a driver: "Skipped
     * [JCublasBackend] backend (unavailable)", then the CPU), and {@link #verify()} records what
     * happened.
     *
     * @return this selection
     * @throws DescentException when ND4J would load another backend, saying which variable to set
     */
    public DeviceSelection apply() {
        return apply(Backend::present, Nd4jBackend.BACKEND_PRIORITY_CPU, Nd4jBackend.BACKEND_PRIORITY_GPU);
    }

    DeviceSelection apply(Predicate<Backend> present, int cpuPriority, int gpuPriority) {
        if (requested.equals("auto") || !present.test(Backend.CPU) || !present.test(Backend.CUDA)) {
            return this;
        }
        boolean cpuFirst = cpuPriority > gpuPriority;
        if (backend == Backend.CPU && !cpuFirst) {
            throw new DescentException("--device cpu: ND4J ranks the CUDA backend first (BACKEND_PRIORITY_CPU=" + cpuPriority
                    + ", BACKEND_PRIORITY_GPU=" + gpuPriority + "); start descent with its launcher, which sets them,"
                    + " or export BACKEND_PRIORITY_CPU=" + (gpuPriority + 100));
        }
        if (backend == Backend.CUDA && cpuFirst) {
            throw new DescentException("--device cuda: ND4J ranks the CPU backend first (BACKEND_PRIORITY_CPU=" + cpuPriority
                    + ", BACKEND_PRIORITY_GPU=" + gpuPriority + "); unset BACKEND_PRIORITY_CPU or export BACKEND_PRIORITY_GPU="
                    + (cpuPriority + 100));
        }
        return this;
    }

    /**
     * Compares the backend ND4J loaded with this selection; initialises ND4J if it is not yet.
     * Under {@code auto}, ND4J falling back to the CPU (a CUDA library that would not load) is
     * accepted and recorded; an explicit choice must hold.
     *
     * @return this selection, or under {@code auto} the CPU with the fallback as its last reason
     * @throws DescentException when an explicit choice did not hold
     */
    public DeviceSelection verify() {
        String loaded = Nd4j.getBackend().getClass().getName();
        if (loaded.equals(backend.backendClass())) {
            return this;
        }
        String simple = loaded.substring(loaded.lastIndexOf('.') + 1);
        if (requested.equals("auto") && loaded.equals(Backend.CPU.backendClass())) {
            List<String> more = new ArrayList<>(reasons);
            more.add("but ND4J could not start " + backend + " and loaded " + simple + " (see the log with --verbose)");
            return new DeviceSelection(requested, Backend.CPU, more);
        }
        throw new DescentException("--device " + requested + " chose " + backend + ", but ND4J loaded " + simple
                + "; run with --verbose to see why ND4J skipped '" + backend.artifact() + "'");
    }

    /** One line for {@code doctor} and run logs, e.g. {@code cpu (auto: 'nd4j-cuda-11.6' is not on the module path; ...)}. */
    public String describe() {
        return backend + " (" + requested + ": " + String.join("; ", reasons) + ")";
    }
}
