package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the Spark driver's JVM writes its class-data archive, when it starts from one, and what makes
 * an archive stale. (That a real driver writes one and starts from it is
 * {@code SparkCompareIntegrationTests.theDriverWritesItsClassDataArchiveOnceAndLaterDriversStartFromIt}.)
 */
class DriverArchiveTests {

    @TempDir
    Path home;

    private SparkSupport.Layout layout() throws IOException {
        Path lib = Files.createDirectories(home.resolve("lib"));
        Path spark = Files.createDirectories(home.resolve("spark/jars"));
        Path a = lib.resolve("descent-app-0.1.0.jar");
        Path b = spark.resolve("spark-core_2.13-4.2.0.jar");
        for (Path jar : List.of(a, b)) {
            if (!Files.exists(jar)) {
                Files.writeString(jar, "jar " + jar.getFileName());
            }
        }
        return new SparkSupport.Layout(home, List.of(a), List.of(b), "SPARK_HOME", "4.2.0");
    }

    private static String option(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst().map(o -> o.substring(prefix.length())).orElse(null);
    }

    @Test
    void theFirstDriverWritesTheArchiveAndTheNextStartsFromIt() throws IOException {
        SparkSupport.Layout layout = layout();
        SweepExecutor.DriverArchive first = SweepExecutor.DriverArchive.of(layout, "java", Map.of());
        assertThat(first.writes()).isTrue();
        String dump = option(first.options(), "-XX:ArchiveClassesAtExit=");
        assertThat(dump).startsWith(home.resolve("lib/descent.jsa.spark-driver.").toString());
        assertThat(first.options()).contains("-Xlog:cds=off");
        // what the JVM would write as it exits
        Files.writeString(Path.of(dump), "archive");
        first.finish(true);
        assertThat(Path.of(dump)).doesNotExist();
        assertThat(home.resolve("lib/descent.jsa.spark-driver")).hasContent("archive");
        assertThat(Files.readString(home.resolve("lib/descent.jsa.spark-driver.key"))).contains("descent-app-0.1.0.jar", "spark-core_2.13-4.2.0.jar");

        SweepExecutor.DriverArchive next = SweepExecutor.DriverArchive.of(layout, "java", Map.of());
        assertThat(next.writes()).isFalse();
        assertThat(option(next.options(), "-XX:SharedArchiveFile=")).isEqualTo(home.resolve("lib/descent.jsa.spark-driver").toString());
        assertThat(next.options()).contains("-Xshare:auto").noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
    }

    @Test
    void aChangedJarOrAnotherJavaMakesANewArchive() throws IOException {
        SparkSupport.Layout layout = layout();
        SweepExecutor.DriverArchive first = SweepExecutor.DriverArchive.of(layout, "java", Map.of());
        Files.writeString(Path.of(option(first.options(), "-XX:ArchiveClassesAtExit=")), "archive");
        first.finish(true);
        assertThat(SweepExecutor.DriverArchive.of(layout, "/opt/other-jdk/bin/java", Map.of()).writes()).as("another java").isTrue();
        Path jar = layout.descentJars().get(0);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertThat(SweepExecutor.DriverArchive.of(layout, "java", Map.of()).writes()).as("a rebuilt jar").isTrue();
    }

    @Test
    void aDriverThatFailedLeavesNoArchiveAndNoCdsTurnsItOff() throws IOException {
        SparkSupport.Layout layout = layout();
        SweepExecutor.DriverArchive failed = SweepExecutor.DriverArchive.of(layout, "java", Map.of());
        Path dump = Path.of(option(failed.options(), "-XX:ArchiveClassesAtExit="));
        Files.writeString(dump, "half an archive");
        failed.finish(false);
        assertThat(dump).doesNotExist();
        assertThat(home.resolve("lib/descent.jsa.spark-driver")).doesNotExist();
        assertThat(SweepExecutor.DriverArchive.of(layout, "java", Map.of()).writes()).isTrue();

        SweepExecutor.DriverArchive off = SweepExecutor.DriverArchive.of(layout, "java", Map.of("DESCENT_NO_CDS", "1"));
        assertThat(off.options()).isEmpty();
        assertThat(off.writes()).isFalse();
        off.finish(true);
    }
}
