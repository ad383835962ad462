package descent.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kit on a test class path without AssertJ, as a plugin whose pom forgot it has: a separate JVM
 * runs it, and every kit class fails once with the line that says what to add, instead of each
 * check with a {@code NoClassDefFoundError}.
 */
class KitDependencyTests {

    @Test
    void withoutAssertJTheKitFailsWithOneLineThatSaysWhatToAdd() throws Exception {
        // Surefire runs the tests from a manifest-only jar and gives the real class path here
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(classPath.split(File.pathSeparator)).toList();
        assertThat(entries).as("AssertJ is on this test's class path").anyMatch(e -> e.contains("assertj-core"));
        String withoutAssertJ = entries.stream().filter(e -> !e.contains("assertj-core")).collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", withoutAssertJ, KitWithoutAssertJ.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("NoClassDefFoundError");
        List<String> failures = out.lines().filter(l -> l.startsWith("FAILED ")).toList();
        assertThat(failures).as(out).containsExactly("FAILED java.lang.IllegalStateException: descent's conformance kit needs AssertJ on"
                + " the test class path, which the descent-api test-jar cannot bring: add org.assertj:assertj-core 3.26.3 with"
                + " <scope>test</scope> to your pom (docs/writing-an-optimizer.md, section 3)");
        assertThat(out).contains("SUCCEEDED 0");
    }
}
