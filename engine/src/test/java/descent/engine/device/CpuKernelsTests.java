package descent.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuKernelsTests {

    private static List<String> cpuinfo(String model, String flags) {
        return List.of("processor\t: 0", "vendor_id\t: GenuineIntel", "model name\t: " + model, "flags\t\t: " + flags, "",
                "processor\t: 1", "model name\t: other", "flags\t\t: fpu");
    }

    @Test
    void readsTheFirstProcessorsModelAndWidestVectorInstructions() {
        CpuKernels avx512 = CpuKernels.fromCpuinfo(cpuinfo("Intel(R) Xeon(R) Processor",
                "fpu sse2 avx avx2 fma avx512f avx512cd avx512bw avx512dq avx512vl"), "auto");
        assertThat(avx512).isEqualTo(new CpuKernels("Intel(R) Xeon(R) Processor", "avx512", "auto"));
        // avx512f alone is not ND4J's avx512 set (Knights Landing has no avx512bw)
        assertThat(CpuKernels.fromCpuinfo(cpuinfo("x", "sse2 avx2 fma avx512f avx512cd"), "auto").simd()).isEqualTo("avx2");
        assertThat(CpuKernels.fromCpuinfo(cpuinfo("x", "sse2 avx2"), "auto").simd()).as("AVX2 without FMA").isEqualTo("sse");
        assertThat(CpuKernels.fromCpuinfo(List.of(), "auto").simd()).isEqualTo("unknown");
    }

    @Test
    void roundsAlikeOnlyWithTheSameKernel() {
        CpuKernels avx512 = new CpuKernels("a", "avx512", "auto");
        CpuKernels avx2 = new CpuKernels("b", "avx2", "auto");
        assertThat(avx512.roundsLike(new CpuKernels("c", "avx512", "auto"))).isTrue();
        assertThat(avx512.roundsLike(avx2)).isFalse();
        assertThat(new CpuKernels("a", "avx512", "Haswell").roundsLike(new CpuKernels("b", "avx2", "Haswell"))).isTrue();
        assertThat(new CpuKernels("a", "avx2", "Haswell").roundsLike(avx2)).as("pinned on one side only").isFalse();
        assertThat(avx512.describe()).isEqualTo("a, avx512, OpenBLAS kernel chosen for this CPU (OPENBLAS_CORETYPE unset)");
    }
}
