package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import descent.api.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;

/**
 * Builds real plugin jars for the tests: Java sources compiled with the JDK's {@code javac} tool
 * (through {@link ToolProvider}, which needs no module beyond java.base) against the API on the test
 * class path, packed with {@code java.util.jar}.
 */
final class PluginJars {

    private final Path work;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, byte[]> rawEntries = new LinkedHashMap<>();
    private final List<Path> modulePath = new ArrayList<>();

    private PluginJars(Path work) {
        this.work = work;
    }

    /** A new jar whose sources are compiled under {@code work}. */
    static PluginJars in(Path work) {
        return new PluginJars(work);
    }

    /** Adds a compilation unit; {@code name} is the class name, or "module-info". */
    PluginJars source(String name, String code) {
        sources.put(name, code);
        return this;
    }

    /** Adds an optimizer provider class (and its META-INF/services line) with this id and constructor body. */
    PluginJars optimizer(String className, String id, String constructorBody) {
        return provider(className, "descent.api.optim.OptimizerProvider", id, constructorBody,
                "public descent.api.optim.Optimizer create(descent.api.Hyperparameters h)");
    }

    /** Adds a trainer provider class with this id. */
    PluginJars trainer(String className, String id) {
        return provider(className, "descent.api.train.TrainerProvider", id, "",
                "public descent.api.train.Trainer create(descent.api.Hyperparameters h)");
    }

    /** Adds a model provider class with this id. */
    PluginJars model(String className, String id) {
        return provider(className, "descent.api.model.ModelProvider", id, "",
                "public descent.api.model.Model create(descent.api.model.ModelSpec s, descent.api.Hyperparameters h)");
    }

    /** Adds a data set provider class with this id. */
    PluginJars dataset(String className, String id) {
        return provider(className, "descent.api.data.DatasetProvider", id, "",
                "public descent.api.data.Dataset load(descent.api.data.DatasetRequest r)");
    }

    private PluginJars provider(String className, String service, String id, String constructorBody, String factory) {
        int dot = className.lastIndexOf('.');
        String code = "package " + className.substring(0, dot) + ";\n"
                + "public class " + className.substring(dot + 1) + " implements " + service + " {\n"
                + "  public " + className.substring(dot + 1) + "() { " + constructorBody + " }\n"
                + "  @Override public String id() { return \"" + id + "\"; }\n"
                + "  @Override " + factory + " { throw new UnsupportedOperationException(); }\n"
                + "}\n";
        sources.put(className, code);
        return service(service, className);
    }

    /** Adds a line to {@code META-INF/services/<service>}. */
    PluginJars service(String service, String className) {
        services.computeIfAbsent(service, s -> new ArrayList<>()).add(className);
        return this;
    }

    /** Adds an entry with these bytes as they are. */
    PluginJars raw(String entry, byte[] bytes) {
        rawEntries.put(entry, bytes);
        return this;
    }

    /** Compiles against these modules as well (for named-module sources). */
    PluginJars modulePath(Path path) {
        modulePath.add(path);
        return this;
    }

    /** Compiles the sources into a fresh folder under the work folder and returns it. */
    Path compile() throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-Xlint:none",
                "-classpath", classPathOf(Provider.class) + java.io.File.pathSeparator
                        + classPathOf(org.nd4j.linalg.api.ndarray.INDArray.class)));
        if (!modulePath.isEmpty()) {
            args.add("--module-path");
            args.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log);
        int rc = javac.run(out, out, args.toArray(String[]::new));
        assertThat(rc).as("javac of test plugin sources:\n%s", log).isZero();
        return classes;
    }

    /** Compiles and packs the jar as {@code dir/fileName}. */
    Path build(Path dir, String fileName) throws IOException {
        Path classes = sources.isEmpty() ? Files.createTempDirectory(work, "classes") : compile();
        Path jar = dir.resolve(fileName);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes)) {
                files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            for (Path f : files) {
                zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                zip.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
                zip.write((String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : rawEntries.entrySet()) {
                zip.putNextEntry(new JarEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** A file of random bytes (not a zip) named {@code dir/fileName}. */
    static Path randomBytes(Path dir, String fileName, long seed) throws IOException {
        byte[] bytes = new byte[4096];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(fileName), bytes);
    }

    private static String classPathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
