package descent.engine.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU build of ND4J's native library in use: ND4J publishes one {@code nd4j-native} jar per
 * build ({@code generic}, {@code avx2}, {@code avx512}, {@code onednn}, {@code onednn-avx2},
 * {@code onednn-avx512}), all with the module name {@code nd4j.cpu.binary}, so only one can be on
 * the module path. The {@code descent} launcher picks it before the JVM starts (from
 * {@code --native-build}, else {@code DESCENT_NATIVE_BUILD}, else the CPU's flags), puts
 * {@code lib/native/NAME} on the module path, and passes the choice in the system properties
 * {@code descent.native.build} and {@code descent.native.build.source}; javacpp selects the
 * matching library with {@code org.bytedeco.javacpp.platform.extension}.
 *
 * <p>Stability: experimental.
 *
 * @param name the build, one of {@link #NAMES}
 * @param source where the choice came from, e.g. {@code CPU flags (avx512f ...)}, {@code --native-build},
 *     {@code DESCENT_NATIVE_BUILD}, or {@code class path} without the launcher
 */
public record NativeBuild(String name, String source) {

    /** The builds ND4J 1.0.0-M2.1 publishes for linux-x86_64, in the launcher's order of preference. */
    public static final List<String> NAMES = List.of("generic", "avx2", "avx512", "onednn", "onednn-avx2", "onednn-avx512");

    /** Validates the name. */
    public NativeBuild {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown native build '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    /**
     * The build the launcher chose; without the launcher, the one javacpp was told to load
     * (its platform extension), else {@code generic}.
     */
    public static NativeBuild current() {
        String name = System.getProperty("descent.native.build");
        if (name != null && NAMES.contains(name)) {
            return new NativeBuild(name, System.getProperty("descent.native.build.source", "launcher"));
        }
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        String fromExtension = extension.startsWith("-") ? extension.substring(1) : "generic";
        return new NativeBuild(NAMES.contains(fromExtension) ? fromExtension : "generic", "class path (not started by the launcher)");
    }

    /**
     * The CPU flags (as {@code /proc/cpuinfo} spells them) a build needs: ND4J's {@code avx2} builds
     * are compiled for AVX2 with FMA, its {@code avx512} builds for Skylake-AVX512.
     */
    public static Set<String> requiredFlags(String name) {
        if (name.endsWith("avx512")) {
            return Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
        }
        return name.endsWith("avx2") ? Set.of("avx2", "fma") : Set.of();
    }

    /**
     * The {@code libnd4jcpu.so} this process has mapped (read from {@code /proc/self/maps}, Linux
     * only); empty before ND4J initialises or where that file does not exist.
     */
    public static Optional<String> loadedLibrary() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/libnd4jcpu.so"))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The build a loaded library's path belongs to: javacpp unpacks
     * {@code bindings/linux-x86_64-avx512/libnd4jcpu.so} for {@code avx512}, and so on.
     */
    public static Optional<String> buildOf(String libraryPath) {
        Path dir = Path.of(libraryPath).getParent();
        String platform = dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
        String prefix = "linux-x86_64";
        if (!platform.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = platform.length() == prefix.length() ? "generic" : platform.substring(prefix.length() + 1);
        return NAMES.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /** One line for {@code doctor}: {@code avx512 (from CPU flags (avx512f ...))}. */
    public String describe() {
        return name + " (from " + source + ")";
    }
}
