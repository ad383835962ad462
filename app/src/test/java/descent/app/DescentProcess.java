package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the built application through the {@code ./descent} launcher at the repository root,
 * which runs it as named modules on the module path ({@code app/target/descent/lib}) in its own
 * JVM, with the JDK that runs the tests.
 */
final class DescentProcess {

    /** What a run printed and returned. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Path lib() {
        Path lib = Path.of(System.getProperty("descent.lib", "target/descent/lib"));
        assertThat(lib).as("the assembled module path (mvn package)").isDirectory();
        return lib;
    }

    static Result run(Path workDir, String... args) {
        return run(java.util.Map.of(), workDir, args);
    }

    /** {@link #run(Path, String...)} with extra environment variables. */
    static Result run(java.util.Map<String, String> env, Path workDir, String... args) {
        lib();
        Path launcher = Path.of(System.getProperty("descent.launcher", "../descent")).toAbsolutePath().normalize();
        assertThat(launcher).as("the launcher script").isRegularFile();
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("descent-out", ".txt");
            Path err = Files.createTempFile("descent-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("OMP_NUM_THREADS");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("descent " + String.join(" ", args) + " did not finish in 300 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private DescentProcess() {
    }
}
