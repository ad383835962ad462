package descent.app.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.name.Names;
import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Provider;
import descent.engine.device.DeviceSelection;
import descent.engine.device.NativeBuild;
import descent.engine.plugins.ProviderKind;
import descent.engine.plugins.ProvidersModule;
import descent.engine.plugins.Registry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Dispatches a parsed command line to its command; everything is wired with Guice. */
public final class Cli {

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Parses {@code argv} and runs the command; returns the exit status. */
    public int run(String[] argv) {
        // Before discovery: the global options (device, plugins) and the command, with unknown options let through.
        picocli.CommandLine.ParseResult pre = Commands.parse(Commands.build(null), argv);
        Args global = Commands.toArgs(pre);
        String command = global.command();
        if (command == null) {
            if (global.flag("version")) {
                out.println("descent " + Versions.descent() + " (DL4J " + Versions.dl4j() + ", Java " + System.getProperty("java.version") + ")");
                return 0;
            }
            // an unknown command or option: the strict tree says which, in one line
            Commands.parse(Commands.build(null, false), argv);
            boolean asked = pre.isUsageHelpRequested() || global.flag("help");
            (asked ? out : err).print(Commands.build(null).getUsageMessage());
            return asked ? 0 : 2;
        }
        // Before anything touches ND4J: it loads one backend, once, when it is first used.
        DeviceSelection device = DeviceSelection.select(global.take("device", "auto")).apply();
        String nativeBuild = global.take("native-build", null);
        if (nativeBuild != null && !nativeBuild.equals(System.getProperty("descent.native.build"))) {
            throw new DescentException("--native-build '" + nativeBuild + "' is read by the descent launcher, before Java starts;"
                    + " run ./descent --native-build " + nativeBuild + " (this JVM has " + NativeBuild.current().describe() + ")");
        }
        Registry.Builder discovery = Registry.builder().strict(global.flag("strict-plugins"));
        String home = System.getProperty("descent.home");
        if (home != null) {
            discovery.pluginDirectoryIfPresent(Path.of(home, "plugins"));
        }
        String extra = global.take("plugins", null);
        if (extra != null) {
            discovery.pluginDirectory(Path.of(extra));
        }
        boolean quiet = command.equals("list") || command.equals("help") || command.equals("completion");
        if (!quiet) {
            NativeCache.noticeFirstRun(err);
        }
        Registry registry = discovery.build();
        registry.problems().forEach(p -> err.println("descent: warning: " + p.message()));
        if (!quiet) {
            shadowedHyperparameters(registry).forEach(w -> err.println("descent: warning: " + w));
        }
        // After discovery: the whole tree, hyperparameters included; anything unknown is refused.
        picocli.CommandLine tree = Commands.build(registry);
        picocli.CommandLine.ParseResult parsed = Commands.parse(tree, argv);
        picocli.CommandLine.ParseResult inner = Commands.innermost(parsed);
        if (inner.isUsageHelpRequested()) {
            out.print(tree.getSubcommands().get(command).getUsageMessage());
            return 0;
        }
        Args args = Commands.toArgs(parsed);
        for (String used : List.of("device", "native-build", "plugins")) {
            args.take(used, null);
        }
        if (command.equals("help")) {
            if (args.positional().isEmpty()) {
                out.print(tree.getUsageMessage());
                return 0;
            }
            String of = args.positional().get(0);
            picocli.CommandLine sub = tree.getSubcommands().get(of);
            if (sub == null) {
                String hint = descent.engine.plugins.Suggestions.closest(of, Commands.NAMES).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw new DescentException("unknown command '" + of + "'" + hint + "; known: " + String.join(", ", Commands.NAMES));
            }
            out.print(sub.getUsageMessage());
            return 0;
        }
        if (command.equals("completion")) {
            out.print(Commands.completionScript(tree, args.positional().isEmpty() ? "bash" : args.positional().get(0)));
            return 0;
        }
        Injector injector = Guice.createInjector(new ProvidersModule(registry), new AbstractModule() {
            @Override
            protected void configure() {
                bind(PrintStream.class).annotatedWith(Names.named("out")).toInstance(out);
                bind(PrintStream.class).annotatedWith(Names.named("err")).toInstance(err);
                bind(DeviceSelection.class).toInstance(device);
            }
        });
        int status = switch (command) {
            case "train" -> injector.getInstance(TrainCommand.class).run(args);
            case "compare" -> injector.getInstance(CompareCommand.class).run(args);
            case "list" -> injector.getInstance(ListCommand.class).run(args);
            case "doctor" -> injector.getInstance(DoctorCommand.class).run(args);
            case "bench" -> injector.getInstance(BenchCommand.class).run(args);
            case "serve" -> injector.getInstance(ServeCommand.class).run(args);
            case "landscape" -> injector.getInstance(LandscapeCommand.class).run(args);
            default -> throw new IllegalStateException(command);
        };
        return status;
    }

    /**
     * Hyperparameters that share a name with one of descent's own options, which takes the plain
     * {@code --name}: each gets a line saying to write {@code --KIND.name} (a plugin author's
     * mistake that would otherwise go unnoticed).
     */
    static List<String> shadowedHyperparameters(Registry registry) {
        List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> train = Commands.ownNames("train");
        for (ProviderKind<?> kind : ProviderKind.all()) {
            for (Provider p : registry.providers(kind).values()) {
                for (Hyperparameter h : p.hyperparameters()) {
                    if (train.contains(h.name())) {
                        out.add(kind.noun() + " '" + p.id() + "' declares hyperparameter '" + h.name() + "', which is also an option"
                                + " of descent: --" + h.name() + " sets descent's; write --" + kind.option() + "." + h.name()
                                + " for the " + kind.noun() + "'s (or rename it)");
                    }
                }
            }
        }
        return out;
    }

    /** A run stopped by SIGINT or SIGTERM after writing its checkpoint: one line for stderr and the exit status (130, 143). */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Stopped(String message, int status) {
            super(message);
            this.status = status;
        }

        /** 128 + the signal's number. */
        public int status() {
            return status;
        }
    }
}
