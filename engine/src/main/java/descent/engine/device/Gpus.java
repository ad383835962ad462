package descent.engine.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether an NVIDIA GPU is visible to this process, judged from the files the NVIDIA driver
 * creates, so that no CUDA library is loaded to find out.
 */
final class Gpus {

    private Gpus() {
    }

    /**
     * The evidence that a GPU is visible (a driver file), or empty with nothing visible;
     * {@code CUDA_VISIBLE_DEVICES} set to nothing or {@code -1} hides every GPU, as it does from CUDA.
     */
    static Optional<String> visible() {
        String mask = System.getenv("CUDA_VISIBLE_DEVICES");
        if (mask != null && (mask.isBlank() || mask.trim().equals("-1") || mask.trim().equals("NoDevFiles"))) {
            return Optional.empty();
        }
        Path driver = Path.of("/proc/driver/nvidia/gpus");
        if (Files.isDirectory(driver)) {
            try (Stream<Path> gpus = Files.list(driver)) {
                Optional<Path> first = gpus.findFirst();
                if (first.isPresent()) {
                    return Optional.of(first.get().toString());
                }
            } catch (IOException e) {
                // unreadable: fall back to the device nodes
            }
        }
        Path node = Path.of("/dev/nvidia0");
        return Files.exists(node) ? Optional.of(node.toString()) : Optional.empty();
    }

    /** What was looked for, for a message that says no GPU is visible. */
    static String lookedFor() {
        String mask = System.getenv("CUDA_VISIBLE_DEVICES");
        return mask != null && (mask.isBlank() || mask.trim().equals("-1") || mask.trim().equals("NoDevFiles"))
                ? "CUDA_VISIBLE_DEVICES='" + mask + "' hides them"
                : "no /proc/driver/nvidia/gpus/*, no /dev/nvidia0";
    }
}
