package descent.engine.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What decides the rounding of a CPU run besides descent's own code: the processor, its widest
 * vector instructions, and the OpenBLAS kernel. ND4J's OpenBLAS is a {@code DYNAMIC_ARCH} build
 * that picks its kernels for the CPU it finds (Haswell's on AVX2, SkylakeX's on AVX-512), and the
 * kernels sum in different orders and fuse multiply-adds differently. A run is bit-for-bit
 * repeatable on machines with the same kernel; on another it differs in the last digits (the
 * quick start's 0.8514 after two epochs with Haswell's kernels is 0.8510 with SkylakeX's).
 * {@code OPENBLAS_CORETYPE=Haswell} pins the kernel on any x86-64 CPU with AVX2, which makes runs
 * agree across such machines at some cost in speed on AVX-512 ones.
 *
 * <p>Stability: experimental.
 *
 * @param model the CPU's model name from {@code /proc/cpuinfo}, or {@code os.arch} elsewhere
 * @param simd {@code avx512}, {@code avx2}, {@code sse} or {@code unknown}: the widest vector
 *     instructions the CPU's flags allow (those ND4J's and OpenBLAS's kernels use)
 * @param openblasCoreType {@code OPENBLAS_CORETYPE} as set, or {@code auto} (OpenBLAS's choice)
 */
public record CpuKernels(String model, String simd, String openblasCoreType) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine's. */
    public static CpuKernels current() {
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        coreType = coreType == null || coreType.isBlank() ? "auto" : coreType.strip();
        try {
            List<String> lines = Files.isReadable(CPUINFO) ? Files.readAllLines(CPUINFO) : List.of();
            return fromCpuinfo(lines, coreType);
        } catch (IOException | RuntimeException e) {
            return new CpuKernels(System.getProperty("os.arch"), "unknown", coreType);
        }
    }

    /** From the lines of {@code /proc/cpuinfo} (its first processor's {@code model name} and {@code flags}). */
    static CpuKernels fromCpuinfo(List<String> lines, String coreType) {
        String model = null;
        Set<String> flags = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("model name") && model == null) {
                model = value;
            } else if (key.equals("flags") && flags == null) {
                flags = new HashSet<>(Arrays.asList(value.split("\\s+")));
            }
        }
        return new CpuKernels(model == null ? System.getProperty("os.arch") : model, flags == null ? "unknown" : simd(flags), coreType);
    }

    /** The widest of avx512 (ND4J's avx512 build's flags), avx2 (with FMA) and sse the flags allow. */
    static String simd(Set<String> flags) {
        if (flags.containsAll(NativeBuild.requiredFlags("avx512"))) {
            return "avx512";
        }
        if (flags.containsAll(NativeBuild.requiredFlags("avx2"))) {
            return "avx2";
        }
        return flags.contains("sse2") ? "sse" : "unknown";
    }

    /**
     * Whether a run started under {@code other} and continued here rounds the same way: the same
     * vector width and the same OpenBLAS core type (a pinned core type on both sides settles it).
     */
    public boolean roundsLike(CpuKernels other) {
        if (!openblasCoreType.equals(other.openblasCoreType)) {
            return false;
        }
        return !openblasCoreType.equals("auto") || simd.equals(other.simd);
    }

    /** One line for {@code doctor} and for the warning on resume. */
    public String describe() {
        return model + ", " + simd + ", OpenBLAS kernel " + (openblasCoreType.equals("auto")
                ? "chosen for this CPU (OPENBLAS_CORETYPE unset)" : "pinned by OPENBLAS_CORETYPE=" + openblasCoreType);
    }
}
