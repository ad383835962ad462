package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin built as a third-party author would build it, by a separate Maven, with
 * Maven's old default Surefire (2.12.4). That Surefire does not run the JUnit Platform, so it finds
 * none of the conformance kit's tests; the example's {@code failIfNoTests} property must turn that
 * into a failed build, where without it the build reports success with zero tests run.
 *
 * <p>The nested build gets this build's {@code descent-api} jar and test-jar from a file repository
 * under a version of their own ({@value #VERSION}), so a {@code descent-api} that an earlier
 * {@code mvn install} left in the local repository cannot stand in for them. Everything else comes
 * from the local repository, or from Maven Central on first use (Surefire 2.12.4's JUnit 3 provider
 * is not among what the descent build downloads).
 */
class PluginKitSurefireIntegrationTests {

    private static final String VERSION = "0.1.0-kitcheck";
    private static final String OLD_SUREFIRE = "2.12.4";

    @TempDir
    static Path work;

    private static Path settings;

    @BeforeAll
    static void publishTheApiToAFileRepository() throws IOException {
        Path root = Path.of(System.getProperty("descent.root", "..")).toAbsolutePath().normalize();
        String built = System.getProperty("descent.version", "0.1.0-SNAPSHOT");
        Path api = root.resolve("api");
        Path jar = api.resolve("target/descent-api-" + built + ".jar");
        Path kit = api.resolve("target/descent-api-" + built + "-tests.jar");
        assertThat(jar).as("the api jar that mvn package makes").isRegularFile();
        assertThat(kit).as("the api's test-jar (the conformance kit) that mvn package makes").isRegularFile();

        Path repo = work.resolve("repo");
        Path apiDir = Files.createDirectories(repo.resolve("io/github/descent/descent-api/" + VERSION));
        Path parentDir = Files.createDirectories(repo.resolve("io/github/descent/descent-parent/" + VERSION));
        Files.copy(jar, apiDir.resolve("descent-api-" + VERSION + ".jar"));
        Files.copy(kit, apiDir.resolve("descent-api-" + VERSION + "-tests.jar"));
        Files.writeString(apiDir.resolve("descent-api-" + VERSION + ".pom"),
                firstVersionReplaced(Files.readString(api.resolve("pom.xml")), built));
        Files.writeString(parentDir.resolve("descent-parent-" + VERSION + ".pom"),
                firstVersionReplaced(Files.readString(root.resolve("pom.xml")), built));

        settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <profiles><profile><id>kitcheck</id>
                    <repositories><repository><id>kitcheck</id><url>%s</url></repository></repositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>kitcheck</activeProfile></activeProfiles>
                </settings>
                """.formatted(repo.toUri()));
        forgetCachedCopies();
    }

    @AfterAll
    static void forgetCachedCopies() throws IOException {
        Path local = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        for (String artifact : List.of("descent-api", "descent-parent")) {
            deleteTree(local.resolve("io/github/descent/" + artifact + "/" + VERSION));
        }
    }

    @Test
    void aPluginBuildWithMavensOldDefaultSurefireFailsInsteadOfPassingWithNoTests() throws Exception {
        Path plugin = copyOfTheExample("with-fail-if-no-tests");
        pinOldSurefire(plugin);
        assertThat(Files.readString(plugin.resolve("pom.xml"))).contains("<failIfNoTests>true</failIfNoTests>");

        Build build = mvn(plugin);

        assertThat(build.output).contains("maven-surefire-plugin:" + OLD_SUREFIRE + ":test");
        assertThat(build.exit).as(build.output).isNotZero();
        assertThat(build.output).contains("BUILD FAILURE").contains("No tests were executed!");
    }

    @Test
    void withoutFailIfNoTestsTheSameBuildSaysSuccessWithNoTestRun() throws Exception {
        Path plugin = copyOfTheExample("without-fail-if-no-tests");
        pinOldSurefire(plugin);
        Path pom = plugin.resolve("pom.xml");
        String text = Files.readString(pom);
        assertThat(text).contains("<failIfNoTests>true</failIfNoTests>");
        Files.writeString(pom, text.replace("<failIfNoTests>true</failIfNoTests>", ""));

        Build build = mvn(plugin);

        assertThat(build.output).contains("maven-surefire-plugin:" + OLD_SUREFIRE + ":test");
        assertThat(build.exit).as(build.output).isZero();
        assertThat(build.output).contains("BUILD SUCCESS").doesNotContainPattern("Tests run: [1-9]");
    }

    private static String firstVersionReplaced(String pom, String built) {
        String tag = "<version>" + built + "</version>";
        int at = pom.indexOf(tag);
        assertThat(at).as("the pom names version " + built).isNotNegative();
        return pom.substring(0, at) + "<version>" + VERSION + "</version>" + pom.substring(at + tag.length());
    }

    private static Path copyOfTheExample(String name) throws IOException {
        Path example = Path.of(System.getProperty("descent.root", "..")).resolve("examples/optimizer-plugin");
        Path copy = work.resolve(name);
        for (String part : List.of("pom.xml", "src")) {
            Path from = example.resolve(part);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = copy.resolve(example.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return copy;
    }

    /** The example's Surefire plugin entry, replaced by one that names Maven's old default version and nothing else. */
    private static void pinOldSurefire(Path plugin) throws IOException {
        Path pom = plugin.resolve("pom.xml");
        String text = Files.readString(pom);
        Matcher entry = Pattern.compile("<plugin>\\s*<artifactId>maven-surefire-plugin</artifactId>.*?</plugin>", Pattern.DOTALL)
                .matcher(text);
        assertThat(entry.find()).as("the example's pom has a maven-surefire-plugin entry").isTrue();
        Files.writeString(pom, text.substring(0, entry.start())
                + "<plugin><artifactId>maven-surefire-plugin</artifactId><version>" + OLD_SUREFIRE + "</version></plugin>"
                + text.substring(entry.end()));
    }

    private record Build(int exit, String output) {}

    private static Build mvn(Path project) throws IOException, InterruptedException {
        String home = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
        String mvn = home != null && Files.isExecutable(Path.of(home, "bin", "mvn")) ? Path.of(home, "bin", "mvn").toString() : "mvn";
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-s", settings.toString(), "-Ddescent.version=" + VERSION));
        String localRepo = System.getProperty("maven.repo.local");
        if (localRepo != null) {
            command.add("-Dmaven.repo.local=" + localRepo);
        }
        command.add("test");
        Path log = project.resolve("build.log");
        Process process = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the nested Maven build did not finish in 10 minutes: " + log);
        }
        return new Build(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
