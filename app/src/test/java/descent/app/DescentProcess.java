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
        Started p = start(env, workDir, args);
        try {
            if (!p.process().waitFor(300, TimeUnit.SECONDS)) {
                p.process().destroyForcibly();
                throw new AssertionError("descent " + String.join(" ", args) + " did not finish in 300 s");
            }
            Result r = new Result(p.process().exitValue(), Files.readString(p.out(), StandardCharsets.UTF_8),
                    Files.readString(p.err(), StandardCharsets.UTF_8));
            Files.delete(p.out());
            Files.delete(p.err());
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A launcher process running in the background, its output going to files. */
    record Started(Process process, Path out, Path err) {
        /** Waits until stderr holds a line containing {@code marker}; fails after {@code seconds}. */
        String awaitErr(String marker, int seconds) {
            return await(this.err, marker, seconds);
        }

        /** Waits until stdout holds a line containing {@code marker}; fails after {@code seconds}. */
        String awaitOut(String marker, int seconds) {
            return await(this.out, marker, seconds);
        }

        private String await(Path file, String marker, int seconds) {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    String err = Files.readString(file, StandardCharsets.UTF_8);
                    for (String line : err.lines().toList()) {
                        if (line.contains(marker)) {
                            return line;
                        }
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("the process ended (status " + process.exitValue() + ") before printing '" + marker
                                + "'; stderr: " + err + "; stdout: " + Files.readString(out, StandardCharsets.UTF_8));
                    }
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            process.destroyForcibly();
            throw new AssertionError("no line with '" + marker + "' in " + file + " within " + seconds + " s");
        }

        /** Waits for the process to end and returns its status. */
        int waitFor(int seconds) {
            try {
                assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("process ended within " + seconds + " s").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return process.exitValue();
        }

        String errText() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** SIGKILL, and waits for the process to be gone. */
        void kill() {
            process.destroyForcibly();
            try {
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process ended").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Starts the launcher with {@code args} in the background. */
    static Started start(java.util.Map<String, String> env, Path workDir, String... args) {
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
            return new Started(pb.start(), out, err);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DescentProcess() {
    }
}
