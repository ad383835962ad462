package descent.app.internal;

import java.io.PrintStream;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where javacpp unpacks ND4J's native libraries: {@code org.bytedeco.javacpp.cachedir} (the
 * launcher sets it from {@code DESCENT_CACHE_DIR}), else {@code ~/.javacpp/cache}. javacpp keeps one
 * folder per jar, named after the jar, so a missing folder for the native jar in use means that
 * this start unpacks it (a few hundred MB, tens of seconds), which is said before it happens.
 */
final class NativeCache {

    /** The automatic module of nd4j-native's classifier jar (the native build in use). */
    static final String NATIVE_MODULE = "nd4j.cpu.binary";

    private NativeCache() {
    }

    static Path directory() {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
    }

    /** The file name of the native jar in use, when it is a jar on the module path. */
    static Optional<String> nativeJar() {
        return ModuleLayer.boot().configuration().findModule(NATIVE_MODULE)
                .map(ResolvedModule::reference)
                .flatMap(r -> r.location())
                .filter(u -> "file".equals(u.getScheme()))
                .map(URI::getPath)
                .map(p -> Path.of(p).getFileName().toString());
    }

    /** Whether the native jar in use has been unpacked into the cache; empty when unknown. */
    static Optional<Boolean> unpacked() {
        return nativeJar().map(jar -> Files.isDirectory(directory().resolve(jar)));
    }

    /** Says on {@code err} that this start unpacks the native libraries, if it does. */
    static void noticeFirstRun(PrintStream err) {
        if (unpacked().orElse(true)) {
            return;
        }
        err.println("descent: first start with " + nativeJar().orElseThrow() + ": javacpp unpacks ND4J's native libraries"
                + " (about 400 MB) into " + directory() + " once; set DESCENT_CACHE_DIR to put them elsewhere");
    }
}
