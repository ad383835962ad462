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

    static final List<String> COMMANDS = List.of("train", "compare", "list", "doctor", "bench", "serve", "landscape", "help");

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns the exit status. */
    public int run(Args args) {
        if (args.flag("version")) {
            out.println("descent " + Versions.descent() + " (DL4J " + Versions.dl4j() + ", Java " + System.getProperty("java.version") + ")");
            return 0;
        }
        String command = args.command();
        if (!"serve".equals(command) && !"landscape".equals(command)) {
            args.noPositional();
        }
        if (command == null || command.equals("help") || args.flag("help")) {
            out.print(usage());
            return command == null && !args.flag("help") ? 2 : 0;
        }
        if (!COMMANDS.contains(command)) {
            String hint = descent.engine.plugins.Suggestions.closest(command, COMMANDS).map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new DescentException("unknown command '" + command + "'" + hint + "; known: " + String.join(", ", COMMANDS));
        }
        // Before anything touches ND4J: it loads one backend, once, when it is first used.
        DeviceSelection device = DeviceSelection.select(args.take("device", "auto")).apply();
        String nativeBuild = args.take("native-build", null);
        if (nativeBuild != null && !nativeBuild.equals(System.getProperty("descent.native.build"))) {
            throw new DescentException("--native-build '" + nativeBuild + "' is read by the descent launcher, before Java starts;"
                    + " run ./descent --native-build " + nativeBuild + " (this JVM has " + NativeBuild.current().describe() + ")");
        }
        Registry.Builder discovery = Registry.builder().strict(args.flag("strict-plugins"));
        String home = System.getProperty("descent.home");
        if (home != null) {
            discovery.pluginDirectoryIfPresent(Path.of(home, "plugins"));
        }
        String extra = args.take("plugins", null);
        if (extra != null) {
            discovery.pluginDirectory(Path.of(extra));
        }
        if (!command.equals("list")) {
            NativeCache.noticeFirstRun(err);
        }
        Registry registry = discovery.build();
        registry.problems().forEach(p -> err.println("descent: warning: " + p.message()));
        shadowedHyperparameters(registry).forEach(w -> err.println("descent: warning: " + w));
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
        for (ProviderKind<?> kind : ProviderKind.all()) {
            for (Provider p : registry.providers(kind).values()) {
                for (Hyperparameter h : p.hyperparameters()) {
                    if (RunOptions.isOption(h.name()) || Args.FLAGS.contains(h.name())) {
                        out.add(kind.noun() + " '" + p.id() + "' declares hyperparameter '" + h.name() + "', which is also an option"
                                + " of descent: --" + h.name() + " sets descent's; write --" + kind.option() + "." + h.name()
                                + " for the " + kind.noun() + "'s (or rename it)");
                    }
                }
            }
        }
        return out;
    }

    static String usage() {
        return """
                usage: descent COMMAND [OPTIONS]

                commands:
                  train    train a model (descent train --help for the options)
                  compare  train several optimizers from the same initialisations; mean and sd per epoch
                  list     every optimizer, trainer, model, data set and compare preset found
                  doctor   Java, module mode, ND4J backend, BLAS, threads, data sets
                  bench    descent's engine against plain DL4J on the same MLP and data;
                           with --optimizers a,b,c (or --trainers t,u): each one's time per step against sgd,
                           and with --dl4j-baseline also sgd on the DL4J executor (sgd-dl4j) in the same rounds;
                           with --against torch: the fast and DL4J executors and PyTorch on the seed nets
                  serve    a live view of the runs and comparisons under a folder, in the browser:
                           descent serve [RUNS_DIR] [--port 8321] [--host 127.0.0.1]
                  landscape the loss along the line between two finished runs (and its barrier), or along
                           random filter-normalised directions around one: descent landscape RUN [RUN_B]
                           [--points N] [--margin 0.25] [--range 1] [--dims 1|2] [--subset 5000] [--seed S] [--out DIR]

                common options:
                  --device NAME       auto, cpu or cuda [auto: cuda when nd4j-cuda is bundled and a GPU is visible]
                  --native-build NAME ND4J's CPU build, of those in lib/native (generic; mvn -Pnative-builds adds
                                      avx2, avx512, onednn, onednn-avx2, onednn-avx512) [DESCENT_NATIVE_BUILD,
                                      else the first the CPU's flags allow]
                  --plugins DIR       also load plugin jars from DIR
                  --strict-plugins    a broken plugin jar is an error, not a warning
                  --verbose           debug logging and stack traces
                  --version           print the version

                compare options (plus, for all arms, every train option but --optimizer, --out, --resume,
                --overwrite and --early-stop):
                  --optimizers LIST   the arms: optimizers or switches, e.g. sgd,momentum or
                                      "sgd;sgd,adams-pece@20" (an entry ID@E continues the arm before it)
                  --preset NAME       a named experiment (see descent list) or a .properties file
                  --inits N           initialisations per arm; init i uses seed --seed + i [preset's, else 5]
                  --out DIR           where OUT/<arm>/init-<i>/ runs and the summary go [runs/compare-<name>];
                                      running the same command again resumes an interrupted comparison
                  --arms A,B          train only these arms (labels); split a comparison over processes
                                      sharing --out, and the one that finds every run done writes the summary
                  --report            train nothing; summarise the epochs every run has finished so far

                train options (plus any hyperparameter of the chosen optimizer, model or data set):
                """ + RunOptions.help()
                + "\n--optimizer takes one id or a switch: sgd,adams-pece@20 runs sgd for epochs 0-19, then adams-pece\n"
                + "initialized afresh (epochs count from 0); a hyperparameter goes to the optimizer that declares it.\n";
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
