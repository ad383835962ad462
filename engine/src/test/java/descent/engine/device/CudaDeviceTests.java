package descent.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs only on a machine with an NVIDIA GPU and with the CUDA profile ({@code mvn -Pcuda test},
 * which puts {@code nd4j-cuda-11.6} on the test class path and sets {@code descent.cuda}). Not yet
 * run: no GPU has been available to this project.
 */
@EnabledIfSystemProperty(named = "descent.cuda", matches = "true")
@EnabledIf("gpuPresent")
class CudaDeviceTests {

    static boolean gpuPresent() {
        if (Files.exists(Path.of("/dev/nvidia0"))) {
            return true;
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void autoPicksCudaAndNd4jRunsOnIt() {
        DeviceSelection s = DeviceSelection.select("auto").apply().verify();

        assertThat(s.backend()).isEqualTo(Backend.CUDA);
        assertThat(Nd4j.getBackend().getClass().getName()).isEqualTo(Backend.CUDA.backendClass());
        assertThat(Nd4j.create(new double[] {1, 2, 3}).sumNumber().doubleValue()).isEqualTo(6.0);
    }
}
