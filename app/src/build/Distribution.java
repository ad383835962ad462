import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lays out the standalone descent folder around the repaired jars and packs it; run by the app
 * module's build after {@code ModulePathFix} as a single-file program:
 * {@code java Distribution.java DIST_DIR SOURCE_DIR VERSION TARBALL}.
 *
 * <pre>
 * DIST_DIR/bin/descent      the launcher (from SOURCE_DIR/bin)
 * DIST_DIR/runtime/         jlink image of the JDK modules the jars need
 * DIST_DIR/lib/             the jars (already there), plus the class-data sharing archive
 * DIST_DIR/plugins/         the two optimizer modules (moved here from lib/), loaded as any plugin
 *                           jar is, in a layer of their own; third-party plugin jars go here too
 * DIST_DIR/README.txt
 * TARBALL                   all of it under descent-VERSION/, without the archive
 * </pre>
 *
 * <p>jlink cannot link automatic modules (DL4J's dependencies are), so the image holds the JDK
 * modules only, and the jars stay on a module path beside it. The JDK modules are those the
 * explicit modules require, resolved here, plus {@link #EXTRA}: what jdeps finds in automatic
 * modules and what is loaded reflectively. The image is rebuilt only when that set or the JDK
 * changes.
 */
public final class Distribution {

    /**
     * JDK modules that resolution does not find: used by automatic modules (jdeps: java.sql by gson,
     * jackson, protobuf, threetenbp; jdk.management and java.management by oshi; java.compiler by
     * org.nd4j:guava) or reached reflectively (java.naming by Logback's configuration).
     */
    static final Set<String> EXTRA = Set.of("java.base", "java.logging", "java.naming", "java.sql", "java.management",
            "jdk.management", "java.compiler", "java.desktop", "java.xml", "jdk.unsupported",
            // the fast executor's vectorised kernels ("requires static" in descent.engine; the launcher adds it)
            "jdk.incubator.vector");

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java Distribution.java DIST_DIR SOURCE_DIR VERSION TARBALL");
            System.exit(2);
        }
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path source = Path.of(args[1]);
        String version = args[2];
        Path tarball = Path.of(args[3]).toAbsolutePath();
        Path lib = dist.resolve("lib");
        Path plugins = dist.resolve("plugins");
        Files.createDirectories(plugins);
        // The optimizer modules are plugins: not on the module path, but in plugins/, where the
        // engine loads them through the same path as a third-party jar.
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> BUNDLED_PLUGIN.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.move(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                log("plugin " + plugins.resolve(jar.getFileName()));
            }
        }

        Set<String> modules = jdkModules(lib, plugins);
        Path runtime = dist.resolve("runtime");
        String key = System.getProperty("java.version") + " " + String.join(",", modules);
        Path keyFile = runtime.resolve("descent-modules.txt");
        if (Files.isRegularFile(keyFile) && Files.readString(keyFile).strip().equals(key)) {
            log("runtime up to date: " + runtime);
        } else {
            deleteTree(runtime);
            jlink(modules, runtime);
            // The base archive of the JDK's own classes: the application archive is layered on it.
            exec(dist, List.of(runtime.resolve("bin/java").toString(), "-Xshare:dump"), true);
            Files.writeString(keyFile, key + "\n");
            log("runtime " + runtime + " (Java " + System.getProperty("java.version") + "): " + String.join(",", modules));
        }

        Path bin = dist.resolve("bin");
        Files.createDirectories(bin);
        Path launcher = bin.resolve("descent");
        Files.copy(source.resolve("bin/descent"), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        String readme = Files.readString(source.resolve("README.txt"))
                .replace("@VERSION@", version).replace("@JAVA@", System.getProperty("java.version"));
        Files.writeString(dist.resolve("README.txt"), readme);

        // The class-data sharing archive records absolute paths: made here for this folder by the
        // launcher's own first-run path, left out of the tarball (an unpacked copy makes its own).
        try (Stream<Path> archives = Files.list(lib)) {
            // descent.jsa, descent.jsa.home, and descent.jsa.NAME(.home) per native build in lib/native.
            for (Path a : archives.filter(p -> p.getFileName().toString().startsWith("descent.jsa")).toList()) {
                Files.delete(a);
            }
        }
        exec(dist, List.of("bash", launcher.toString(), "--version"), true);
        try (Stream<Path> archives = Files.list(lib)) {
            List<String> made = archives.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("descent.jsa") && !n.endsWith(".home")).sorted().toList();
            long kib = 0;
            for (String n : made) {
                kib += Files.size(lib.resolve(n)) / 1024;
            }
            log("class-data sharing archive: " + (made.isEmpty() ? "not made" : String.join(", ", made) + " (" + kib + " KiB)"));
        }

        String top = "descent-" + version;
        Path partial = tarball.resolveSibling(tarball.getFileName() + ".part");
        exec(dist.getParent(), List.of("tar", "-czf", partial.toString(), "--owner=0", "--group=0", "--sort=name",
                "--exclude=" + dist.getFileName() + "/lib/descent.jsa*",
                "--transform=s,^" + dist.getFileName() + "," + top + ",", dist.getFileName().toString()), false);
        Files.move(partial, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log(tarball + " (" + Files.size(tarball) / (1024 * 1024) + " MiB)");
    }

    /** The jars of descent's own plugin modules, which the app's build copies into lib/ with the rest. */
    static final java.util.regex.Pattern BUNDLED_PLUGIN = java.util.regex.Pattern.compile("descent-optimizers-[a-z-]+-[0-9].*\\.jar");

    /** JDK modules required by the explicit modules in {@code lib} and {@code plugins}, plus {@link #EXTRA}. */
    static Set<String> jdkModules(Path lib, Path plugins) {
        ModuleFinder jars = ModuleFinder.of(lib, plugins);
        Set<String> roots = jars.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
        Configuration c = Configuration.empty().resolve(ModuleFinder.compose(jars, ModuleFinder.ofSystem()), ModuleFinder.of(), roots);
        Set<String> jdk = new TreeSet<>(EXTRA);
        for (ResolvedModule m : c.modules()) {
            if (m.reference().location().map(u -> u.getScheme().equals("jrt")).orElse(false)) {
                jdk.add(m.name());
            }
        }
        return jdk;
    }

    private static void jlink(Set<String> modules, Path runtime) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("no jlink in " + System.getProperty("java.home") + ": build with a JDK"));
        StringWriter out = new StringWriter();
        int status = jlink.run(new PrintWriter(out), new PrintWriter(out), "--add-modules", String.join(",", modules),
                "--output", runtime.toString(), "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2");
        if (status != 0) {
            throw new IllegalStateException("jlink failed (" + status + "): " + out);
        }
    }

    private static void exec(Path dir, List<String> command, boolean quiet) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ": " + output);
        }
        if (!quiet && !output.isBlank()) {
            log(output.strip());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[distribution] " + message);
    }

    private Distribution() {
    }
}
