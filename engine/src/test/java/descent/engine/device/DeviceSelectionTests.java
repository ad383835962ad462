package descent.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * On the test class path only the CPU backend ({@code nd4j-native}) exists (unless built with
 * {@code -Pcuda}); the cases with CUDA present give the selection what is present and which GPU
 * is visible.
 */
class DeviceSelectionTests {

    private static final Predicate<Backend> BOTH = b -> true;
    private static final Optional<String> GPU = Optional.of("/dev/nvidia0");

    /** The default build: only {@code nd4j-native} on the class path. */
    @Nested
    @DisabledIfSystemProperty(named = "descent.cuda", matches = "true")
    class WithoutTheCudaBackend {

        @Test
        void findsTheCpuBackendAndNotTheCudaOne() {
            assertThat(Backend.CPU.present()).isTrue();
            assertThat(Backend.CUDA.present()).isFalse();
            assertThat(Backend.ranked()).containsExactly(Backend.CUDA, Backend.CPU);
        }

        @Test
        void autoTakesTheCpuAndSaysWhy() {
            DeviceSelection s = DeviceSelection.select("auto");

            assertThat(s.backend()).isEqualTo(Backend.CPU);
            assertThat(s.reasons()).containsExactly("'nd4j-cuda-11.6' is not on the module path", "'nd4j-native' is present");
            assertThat(s.describe()).startsWith("cpu (auto: 'nd4j-cuda-11.6' is not on the module path");
        }

        @Test
        void anExplicitCudaFailsInOneLineNamingTheArtifactAndTheProfile() {
            assertThatThrownBy(() -> DeviceSelection.select("cuda"))
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("--device cuda: the cuda backend 'nd4j-cuda-11.6' is not on the module path")
                    .hasMessageContaining("mvn -Pcuda install")
                    .hasMessageContaining("or use --device cpu")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void nd4jLoadsTheBackendChosenHere() {
            DeviceSelection s = DeviceSelection.select("auto").apply().verify();

            assertThat(s.backend()).isEqualTo(Backend.CPU);
            assertThat(s.reasons()).hasSize(2);
        }
    }

    @Test
    void anUnknownDeviceNamesTheChoices() {
        assertThatThrownBy(() -> DeviceSelection.select("gpu"))
                .isInstanceOf(DescentException.class)
                .hasMessage("unknown device 'gpu'; known: auto, cpu, cuda");
    }

    @Test
    void takesAnExplicitCpuInAnyCaseAndNullAsAuto() {
        assertThat(DeviceSelection.select("CPU").backend()).isEqualTo(Backend.CPU);
        assertThat(DeviceSelection.select("CPU").reasons()).containsExactly("requested with --device cpu");
        assertThat(DeviceSelection.select(null).requested()).isEqualTo("auto");
    }

    @Test
    void autoPrefersCudaWhenItIsPresentAndAGpuIsVisible() {
        DeviceSelection s = DeviceSelection.select("auto", BOTH, GPU);

        assertThat(s.backend()).isEqualTo(Backend.CUDA);
        assertThat(s.reasons()).containsExactly("'nd4j-cuda-11.6' is present and a GPU is visible (/dev/nvidia0)");
    }

    @Test
    void autoFallsBackToTheCpuWhenCudaIsPresentButNoGpuIsVisible() {
        DeviceSelection s = DeviceSelection.select("auto", BOTH, Optional.empty());

        assertThat(s.backend()).isEqualTo(Backend.CPU);
        assertThat(s.reasons().get(0)).startsWith("'nd4j-cuda-11.6' is present but no GPU is visible");
        assertThat(s.reasons().get(1)).isEqualTo("'nd4j-native' is present");
    }

    @Test
    void anExplicitCudaWithoutAGpuFailsSayingSo() {
        assertThatThrownBy(() -> DeviceSelection.select("cuda", BOTH, Optional.empty()))
                .isInstanceOf(DescentException.class)
                .hasMessageStartingWith("--device cuda: 'nd4j-cuda-11.6' is present but no GPU is visible")
                .hasMessageContaining("nvidia-smi");
    }

    @Test
    void anExplicitCpuMissingFromACudaOnlyBuildFails() {
        assertThatThrownBy(() -> DeviceSelection.select("cpu", b -> b == Backend.CUDA, GPU))
                .isInstanceOf(DescentException.class)
                .hasMessageStartingWith("--device cpu: the cpu backend 'nd4j-native' is not on the module path");
    }

    @Test
    void refusesAnExplicitCpuWhenNd4jWouldRankTheCudaBackendFirst() {
        DeviceSelection cpu = DeviceSelection.select("cpu", BOTH, GPU);

        assertThatThrownBy(() -> cpu.apply(BOTH, 0, 100))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("BACKEND_PRIORITY_CPU=0, BACKEND_PRIORITY_GPU=100")
                .hasMessageContaining("export BACKEND_PRIORITY_CPU=200");
        assertThat(cpu.apply(BOTH, 200, 100)).isSameAs(cpu);
    }

    @Test
    void refusesAnExplicitCudaWhenTheCpuWasRankedFirst() {
        DeviceSelection cuda = DeviceSelection.select("cuda", BOTH, GPU);

        assertThatThrownBy(() -> cuda.apply(BOTH, 200, 100)).hasMessageContaining("export BACKEND_PRIORITY_GPU=300");
        assertThat(cuda.apply(BOTH, 0, 100)).isSameAs(cuda);
    }

    @Test
    void leavesAutoToNd4jsOwnFallback() {
        DeviceSelection auto = DeviceSelection.select("auto", BOTH, Optional.empty());

        assertThat(auto.apply(BOTH, 0, 100)).isSameAs(auto);
    }

    /** The launcher's way of forcing the CPU: ND4J reads its ranks from the environment, once. */
    @Test
    void nd4jTakesItsBackendRanksFromTheEnvironment() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PrintPriorities.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("BACKEND_PRIORITY_CPU", "200");
        pb.environment().remove("BACKEND_PRIORITY_GPU");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(lines).contains("cpu=200 gpu=100");
    }

    /** Prints ND4J's backend ranks as this JVM's environment set them. */
    static final class PrintPriorities {
        public static void main(String[] args) {
            System.out.println("cpu=" + Nd4jBackend.BACKEND_PRIORITY_CPU + " gpu=" + Nd4jBackend.BACKEND_PRIORITY_GPU);
        }
    }
}
