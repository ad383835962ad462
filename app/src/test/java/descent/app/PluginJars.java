package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.spi.ToolProvider;

/** Builds optimizer plugin jars in a test, as a third party would: a named module that requires descent.api. */
final class PluginJars {

    private PluginJars() {
    }

    /** Compiles {@code sources} (path → text) against the app's module path and packs a modular jar. */
    static Path build(Path work, String jarName, Map<String, String> sources) throws IOException {
        Path src = work.resolve(jarName + "-src");
        Path classes = work.resolve(jarName + "-classes");
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        String[] files;
        try (var s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toArray(String[]::new);
        }
        String[] args = new String[files.length + 4];
        args[0] = "--module-path";
        args[1] = DescentProcess.lib().toAbsolutePath().toString();
        args[2] = "-d";
        args[3] = classes.toString();
        System.arraycopy(files, 0, args, 4, files.length);
        run("javac", args);
        Path jar = work.resolve(jarName);
        run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    private static void run(String tool, String... args) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log);
        int rc = ToolProvider.findFirst(tool).orElseThrow().run(ps, ps, args);
        assertThat(rc).as(tool + " output: " + log).isZero();
    }

    /** A sign-SGD optimizer (θ ← θ − α·sign(g)) in module {@code demo.signsgd}. */
    static Map<String, String> signSgd() {
        return Map.of(
                "module-info.java", """
                        module demo.signsgd {
                            requires descent.api;
                            provides descent.api.optim.OptimizerProvider with demo.signsgd.SignSgdProvider;
                        }
                        """,
                "demo/signsgd/SignSgdProvider.java", """
                        package demo.signsgd;

                        import descent.api.Hyperparameters;
                        import descent.api.Snapshot;
                        import descent.api.optim.Optimizer;
                        import descent.api.optim.OptimizerProvider;
                        import descent.api.optim.Step;
                        import org.nd4j.linalg.ops.transforms.Transforms;

                        public final class SignSgdProvider implements OptimizerProvider {
                            public String id() { return "sign-sgd"; }
                            public String description() { return "signSGD: theta -= lr * sign(g)"; }
                            public Optimizer create(Hyperparameters hp) {
                                return new Optimizer() {
                                    public void initialize(long n) { }
                                    public void step(Step s) {
                                        s.parameters().subi(Transforms.sign(s.gradient(), true).muli(s.learningRate()));
                                    }
                                    public Snapshot exportState() { return Snapshot.EMPTY; }
                                    public void importState(Snapshot s) { }
                                };
                            }
                        }
                        """);
    }
}
