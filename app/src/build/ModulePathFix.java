import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Makes the DL4J 1.0.0-M2.1 jars loadable as named modules; run by the app module's build as a
 * single-file program: {@code java ModulePathFix.java SOURCE_DIR TARGET_DIR [EXTRA_JAR...]}; the
 * extra jars (the application's own) are copied unchanged.
 *
 * <p>Each step answers one measured failure (see shared notes "dl4j-on-the-module-path"):
 * <ol>
 *   <li>nd4j-api's descriptor exports a package the jar lacks and requires lombok; nd4j-common calls
 *       ServiceLoader for services it cannot declare. Both become automatic modules (descriptor
 *       removed), which may use any service.</li>
 *   <li>Every DL4J jar carries {@code org/eclipse/*-git.properties}, which makes {@code org.eclipse}
 *       a package of each: removed.</li>
 *   <li>org.nd4j:protobuf embeds {@code com.google.thirdparty.publicsuffix}, split with Guava: removed
 *       from protobuf.</li>
 *   <li>DL4J requires {@code slf4j.api} and {@code commons.io}; two alias modules requiring the real
 *       modules transitively are written.</li>
 *   <li>ND4J's CPU builds ({@code nd4j-native-VERSION-linux-x86_64[-avx2|-avx512|-onednn...].jar})
 *       all have the module name {@code nd4j.cpu.binary}, so no two can share a module path: each
 *       goes to {@code TARGET_DIR/native/NAME/} ({@code generic} for the plain one), and the
 *       launcher puts the one it picks on the module path.</li>
 * </ol>
 */
public final class ModulePathFix {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java ModulePathFix.java SOURCE_DIR TARGET_DIR [EXTRA_JAR...]");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Files.createDirectories(target);
        try (Stream<Path> stale = Files.list(target)) {
            for (Path old : stale.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(old);
            }
        }
        Path natives = target.resolve("native");
        if (Files.isDirectory(natives)) {
            try (Stream<Path> s = Files.walk(natives)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        List<String> builds = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> s = Files.list(source)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            String build = nativeBuild(jar.getFileName().toString());
            Path dir = target;
            if (build != null) {
                dir = Files.createDirectories(natives.resolve(build));
                builds.add(build);
            }
            Path out = dir.resolve(jar.getFileName());
            Files.copy(jar, out, StandardCopyOption.REPLACE_EXISTING);
            fix(out);
        }
        for (int i = 2; i < args.length; i++) {
            Path extra = Path.of(args[i]);
            Files.copy(extra, target.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        writeAlias(target, jars, "slf4j.api", "org.slf4j", "slf4j-api-");
        writeAlias(target, jars, "commons.io", "org.apache.commons.io", "commons-io-");
        System.out.println("[module-path-fix] " + jars.size() + " jars in " + target + ", " + repaired + " repaired, 2 alias modules"
                + (builds.isEmpty() ? "" : ", native builds " + String.join(", ", builds) + " in " + natives));
    }

    /**
     * {@code avx512} for {@code nd4j-native-1.0.0-M2.1-linux-x86_64-avx512.jar}, {@code generic}
     * without a suffix; null for every other jar ({@code nd4j-native-preset-...} included).
     */
    static String nativeBuild(String jar) {
        String platform = "-linux-x86_64";
        int at = jar.indexOf(platform);
        String prefix = "nd4j-native-";
        if (!jar.startsWith(prefix) || !Character.isDigit(jar.charAt(prefix.length())) || at < 0 || !jar.endsWith(".jar")) {
            return null;
        }
        String rest = jar.substring(at + platform.length(), jar.length() - ".jar".length());
        return rest.isEmpty() ? "generic" : rest.substring(1);
    }

    private static int repaired;

    private static void fix(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        List<String> remove = new ArrayList<>();
        boolean automatic = name.startsWith("nd4j-api-") || name.startsWith("nd4j-common-");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path root = fs.getPath("/");
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String e = root.relativize(p).toString();
                    if (Files.isDirectory(p)) {
                        continue;
                    }
                    boolean gitProps = e.startsWith("org/eclipse/") && e.endsWith("-git.properties");
                    boolean descriptor = automatic && e.endsWith("module-info.class");
                    boolean publicSuffix = name.startsWith("protobuf-")
                            && e.startsWith("com/google/thirdparty/publicsuffix/");
                    if (gitProps || descriptor || publicSuffix) {
                        remove.add(e);
                    }
                }
            }
            for (String e : remove) {
                Files.delete(fs.getPath(e));
            }
            deleteEmptyDirectories(fs.getPath("/org/eclipse"));
            deleteEmptyDirectories(fs.getPath("/com/google/thirdparty"));
        }
        if (!remove.isEmpty()) {
            repaired++;
        }
    }

    private static void deleteEmptyDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                try (Stream<Path> children = Files.list(p)) {
                    if (children.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void writeAlias(Path lib, List<Path> jars, String alias, String real, String jarPrefix)
            throws IOException {
        Path realJar = jars.stream()
                .filter(j -> j.getFileName().toString().startsWith(jarPrefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + jarPrefix + "*.jar among the dependencies"));
        Path work = Files.createTempDirectory("alias-");
        try {
            Path src = work.resolve("src/module-info.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, "module " + alias + " { requires transitive " + real + "; }\n");
            Path classes = work.resolve("classes");
            run("javac", "--module-path", realJar.toString(), "-d", classes.toString(), "-nowarn", src.toString());
            Path jar = lib.resolve(alias + "-alias.jar");
            Files.deleteIfExists(jar);
            run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static void run(String tool, String... args) {
        ToolProvider t = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(tool + " not found: run with a JDK"));
        int rc = t.run(System.out, System.err, args);
        if (rc != 0) {
            throw new IllegalStateException(tool + " failed with exit code " + rc);
        }
    }
}
