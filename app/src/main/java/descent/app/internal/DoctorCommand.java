package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.data.DatasetProvider;
import descent.engine.device.Backend;
import descent.engine.device.DeviceSelection;
import descent.engine.device.NativeBuild;
import descent.engine.plugins.ProviderKind;
import descent.engine.plugins.Registry;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code descent doctor}: what this installation runs on, one fact a line: Java, whether descent
 * runs as named modules, the ND4J backend and native build, BLAS, threads, the javacpp cache, and
 * whether each data set's files are where they are looked for.
 */
final class DoctorCommand {

    private final Registry registry;
    private final DeviceSelection device;
    private final PrintStream out;

    @Inject
    DoctorCommand(Registry registry, DeviceSelection device, @Named("out") PrintStream out) {
        this.registry = registry;
        this.device = device;
        this.out = out;
    }

    int run(Args args) {
        Module module = DoctorCommand.class.getModule();
        line("descent", Versions.descent() + " (DL4J " + Versions.dl4j() + ")");
        line("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home")
                + (bundledRuntime() ? " (the bundled jlink runtime)" : ""));
        line("home", System.getProperty("descent.home", "not set (not started by bin/descent)"));
        line("module mode", module.isNamed()
                ? "named modules (" + module.getName() + " in a layer of " + module.getLayer().modules().size() + " modules)"
                : "class path (not as named modules)");
        line("cpu", Runtime.getRuntime().availableProcessors() + " cores");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        line("device", device.verify().describe());
        line("nd4j backend", Nd4j.getBackend().getClass().getSimpleName() + " (" + Nd4j.getBackend().getClass().getModule().getName() + ")");
        line("native build", NativeBuild.current().describe() + "; loaded " + nativeBuild());
        line("blas", String.valueOf(env.getOrDefault("blas.vendor", "unknown")));
        line("cpu kernels", descent.engine.device.CpuKernels.current().describe()
                + "; runs repeat bit for bit on machines with the same kernel");
        line("executor", "fast by default (--executor dl4j for DL4J's own); " + descent.engine.Executor.describeFast());
        String omp = System.getenv("OMP_NUM_THREADS");
        line("threads", "OMP_NUM_THREADS=" + (omp == null ? "unset" : omp) + ", ND4J max threads " + Nd4j.getEnvironment().maxThreads()
                + "; default --threads 1: on 2 cores DL4J trains the MLP faster with one native thread than with two");
        line("javacpp cache", NativeCache.directory() + NativeCache.nativeJar()
                .map(jar -> NativeCache.unpacked().orElse(false) ? " (holds " + jar + ")" : " (" + jar + " unpacked on this start)")
                .orElse("") + "; DESCENT_CACHE_DIR moves it");
        String home = System.getProperty("descent.home");
        line("spark", home == null ? "not looked for (not started by bin/descent)"
                : SparkSupport.find(java.nio.file.Path.of(home), System.getenv()).map(l -> "Spark " + l.version() + " from " + l.source()
                        + " (" + l.sparkJars().size() + " jars): compare --spark works")
                        .orElse("not present: compare --spark needs 'mvn -Pspark install' (Spark in lib/spark) or SPARK_HOME"));
        line("cuda", "not verified: descent has not been run on a GPU yet; " + (Backend.CUDA.present()
                ? "'" + Backend.CUDA.artifact() + "' is bundled (mvn -Pcuda)"
                : "'" + Backend.CUDA.artifact() + "' is not bundled: mvn -Pcuda install adds it"));
        for (DatasetProvider p : registry.providers(ProviderKind.DATASET).values()) {
            line("data set " + p.id(), availability(p));
        }
        return 0;
    }

    private static boolean bundledRuntime() {
        String home = System.getProperty("descent.home");
        return home != null && Path.of(System.getProperty("java.home")).toAbsolutePath().normalize()
                .equals(Path.of(home, "runtime").toAbsolutePath().normalize());
    }

    /** The library javacpp loaded, e.g. {@code linux-x86_64-avx512, nd4j-native 1.0.0-M2.1}. */
    private static String nativeBuild() {
        String platform;
        try {
            Class<?> loader = Class.forName("org.bytedeco.javacpp.Loader");
            platform = (String) loader.getMethod("getPlatform").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            platform = "unknown platform";
        }
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        String loaded = NativeBuild.loadedLibrary().flatMap(NativeBuild::buildOf).orElse("an unknown build");
        return platform + extension + " (" + loaded + "), nd4j-native " + Versions.dl4j();
    }

    static String availability(DatasetProvider p) {
        List<String> files = p.requiredFiles();
        if (files.isEmpty()) {
            return "built in";
        }
        Optional<Path> dir = p.defaultDirectory();
        if (dir.isEmpty()) {
            return "needs --data-dir with " + String.join(", ", files);
        }
        List<String> missing = files.stream().filter(f -> !exists(dir.get(), f)).toList();
        return missing.isEmpty() ? "available in " + dir.get() : "missing in " + dir.get() + ": " + String.join(", ", missing);
    }

    private static boolean exists(Path dir, String file) {
        return Files.isRegularFile(dir.resolve(file)) || Files.isRegularFile(dir.resolve(file.endsWith(".gz")
                ? file.substring(0, file.length() - 3) : file + ".gz"));
    }

    private void line(String key, String value) {
        out.printf("%-22s %s%n", key, value);
    }
}
