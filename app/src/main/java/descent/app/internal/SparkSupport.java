package descent.app.internal;

import descent.api.DescentException;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where {@code compare --spark} finds Spark and how it starts its driver: Spark lives on a class
 * path, so the module-path application starts {@code descent.spark.SweepDriver} as a class-path
 * JVM with the distribution's jars, the plugins and Spark's jars, from the distribution's
 * {@code lib/spark} (built with {@code -Pspark}) or else from {@code $SPARK_HOME/jars}.
 */
final class SparkSupport {

    /** The options Spark's own launcher gives a JVM on Java 17 (its JavaModuleOptions), and netty's. */
    static final List<String> MODULE_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    /** What the driver needs: descent's jars, Spark's, and where Spark's came from. */
    record Layout(Path home, List<Path> descentJars, List<Path> sparkJars, String source, String version) {
        /**
         * One class path, descent's jars and Spark's merged: a Spark jar of an artifact descent also has
         * replaces descent's when it is newer and is left out otherwise. Jar names carry no group, so
         * two of descent's jars with one name (ND4J's shaded guava beside Guava) both stay.
         */
        List<Path> classPath() {
            List<Path> merged = new ArrayList<>(descentJars);
            for (Path jar : sparkJars) {
                String name = artifact(jar).orElse(null);
                Path newest = null;
                for (Path d : descentJars) {
                    if (name != null && name.equals(artifact(d).orElse(null))
                            && (newest == null || compareVersions(SparkSupport.version(d), SparkSupport.version(newest)) > 0)) {
                        newest = d;
                    }
                }
                if (newest == null) {
                    merged.add(jar);
                } else if (compareVersions(SparkSupport.version(jar), SparkSupport.version(newest)) > 0) {
                    merged.set(merged.indexOf(newest), jar);
                }
            }
            return List.copyOf(merged);
        }
    }

    private SparkSupport() {
    }

    /** Spark for the distribution in {@code home}, or why there is none (for {@code descent doctor}). */
    static Optional<Layout> find(Path home, Map<String, String> env) {
        Path bundled = home.resolve("lib/spark");
        Path jars;
        String source;
        if (Files.isDirectory(bundled)) {
            jars = bundled;
            source = "lib/spark (built with -Pspark)";
        } else if (env.get("SPARK_HOME") != null && Files.isDirectory(Path.of(env.get("SPARK_HOME"), "jars"))) {
            jars = Path.of(env.get("SPARK_HOME"), "jars");
            source = "SPARK_HOME=" + env.get("SPARK_HOME");
        } else {
            return Optional.empty();
        }
        List<Path> spark = jars(jars);
        String version = spark.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spark-core_"))
                .map(n -> n.replaceAll("^spark-core_[0-9.]+-(.*)\\.jar$", "$1")).findFirst().orElse(null);
        if (version == null) {
            return Optional.empty();
        }
        List<Path> descent = new ArrayList<>(jars(home.resolve("lib")));
        String build = System.getProperty("descent.native.build", "generic");
        descent.addAll(jars(home.resolve("lib/native").resolve(build)));
        descent.addAll(jars(home.resolve("plugins")));
        descent.addAll(jars(home.resolve("lib/classpath")));
        return Optional.of(new Layout(home, descent, spark, source, version));
    }

    /** {@link #find} or one line saying how to get Spark. */
    static Layout require(Path home) {
        Layout layout = find(home, System.getenv()).orElseThrow(() -> new DescentException(
                "--spark needs Spark's jars: build descent with 'mvn -Pspark install' (they go into lib/spark), or set SPARK_HOME to a"
                        + " Spark " + "4 installation (its jars/ folder is used)"));
        if (!Files.isRegularFile(home.resolve("lib/classpath/descent-spark.jar"))) {
            throw new DescentException("--spark needs lib/classpath/descent-spark.jar, which this distribution lacks; build it with"
                    + " 'mvn install' (the app/spark module)");
        }
        return layout;
    }

    /**
     * The java for the driver: this JVM's when its runtime has the JDK modules Spark uses (the jlink
     * runtime does not), else {@code $JAVA_HOME}'s, else the one on the PATH.
     */
    static String java(Map<String, String> env) {
        // java.se and the JDK's security modules: Spark and Hadoop reach for java.sql, JAAS and GSS classes
        boolean complete = Stream.of("java.se", "jdk.security.auth", "jdk.unsupported").allMatch(m -> ModuleFinder.ofSystem().find(m).isPresent());
        Optional<String> self = ProcessHandle.current().info().command();
        if (complete && self.isPresent()) {
            return self.get();
        }
        if (env.get("JAVA_HOME") != null && Files.isExecutable(Path.of(env.get("JAVA_HOME"), "bin/java"))) {
            return Path.of(env.get("JAVA_HOME"), "bin/java").toString();
        }
        return "java";
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new DescentException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static final Pattern NAME = Pattern.compile("^(.+?)-([0-9][^-]*(?:-[A-Za-z0-9.]+)?)\\.jar$");

    /** {@code commons-io-2.22.0.jar} → {@code commons-io}. */
    static Optional<String> artifact(Path jar) {
        Matcher m = NAME.matcher(jar.getFileName().toString());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String version(Path jar) {
        Matcher m = NAME.matcher(jar.getFileName().toString());
        return m.matches() ? m.group(2) : "";
    }

    /** Compares dotted versions numerically where they are numbers ({@code 2.7 < 2.22.0}). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-]");
        String[] y = b.split("[.\\-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("[0-9]{1,9}") && q.matches("[0-9]{1,9}") ? Integer.compare(Integer.parseInt(p), Integer.parseInt(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
