package descent.app.internal;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Provider;
import descent.engine.plugins.ProviderKind;
import descent.engine.plugins.Registry;
import descent.engine.schedule.Schedules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line as picocli sees it: every command with its own options, its own {@code --help}
 * and its completion, and the hyperparameters of the plugins found as options of {@code train},
 * {@code compare} and {@code bench} (known only after discovery, so the tree is built from the
 * {@link Registry}). A parse gives the {@link Args} the commands read; picocli refuses what no
 * command declares, expands {@code @argfiles} and generates the completion script.
 */
final class Commands {

    /** The commands, in the order {@code descent --help} lists them. */
    static final List<String> NAMES = List.of("train", "compare", "list", "doctor", "bench", "serve", "landscape", "help", "completion");

    private static final int WIDTH = 110;

    private Commands() {
    }

    /** A usage error picocli found: one line, exit status 2, like every {@link DescentException}. */
    static final class UsageError extends DescentException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /**
     * The command tree. With a {@code registry}, {@code train}, {@code compare} and {@code bench}
     * also take every hyperparameter its providers declare ({@code --beta}, and {@code --KIND.name}
     * or {@code --ID.name}, hidden, for a name two providers share); without one (before discovery)
     * they accept unknown options, so that the global options can be read first.
     */
    static CommandLine build(Registry registry) {
        return build(registry, registry == null);
    }

    /** The command tree; {@code lenient} lets unknown options and words through (to read the global options before discovery). */
    static CommandLine build(Registry registry, boolean lenient) {
        CommandSpec top = CommandSpec.create().name("descent");
        top.usageMessage().width(WIDTH).description(
                "Trains Deeplearning4j networks with optimizers read as solvers of dynamical systems, and with backprop-free trainers.",
                "Exit status: 0 success, 2 a user error (one line; the stack trace with --verbose), 1 an internal failure.")
                .commandListHeading("%nCommands:%n").optionListHeading("%nOptions:%n")
                .footer("%nSee 'descent COMMAND --help' (or 'descent help COMMAND') for a command's options. "
                        + "An argument @FILE is replaced by the words in FILE.");
        top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this page").build());
        top.addOption(flag("--version", "print the version"));
        global(top);
        Map<String, CommandSpec> subs = new LinkedHashMap<>();
        subs.put("train", train(registry));
        subs.put("compare", compare(registry));
        subs.put("list", simple("list", "every optimizer, trainer, model, data set, schedule and compare preset found, with hyperparameters"));
        subs.put("doctor", simple("doctor", "Java, module mode, ND4J backend and native build, BLAS, CPU kernels, threads, data sets"));
        subs.put("bench", bench(registry));
        subs.put("serve", serve());
        subs.put("landscape", landscape());
        subs.put("help", help());
        subs.put("completion", completion());
        CommandLine cl = new CommandLine(top);
        subs.forEach((name, spec) -> {
            global(spec);
            cl.addSubcommand(name, new CommandLine(spec));
        });
        cl.setUnmatchedArgumentsAllowed(lenient);
        cl.getSubcommands().values().forEach(c -> c.setUnmatchedArgumentsAllowed(lenient));
        return cl;
    }

    /** Parses {@code argv}; a usage error is a {@link UsageError} naming the command and how to get its help. */
    static ParseResult parse(CommandLine cl, String[] argv) {
        try {
            return cl.parseArgs(argv);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String where = where(e.getCommandLine());
            String first = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            for (String u : e.getUnmatched()) {
                if (u.startsWith("-")) {
                    first = u;
                    break;
                }
            }
            if (!first.startsWith("-")) {
                if (e.getCommandLine().getCommandSpec().parent() == null) {
                    String hint = descent.engine.plugins.Suggestions.closest(first, NAMES).map(s -> " (did you mean '" + s + "'?)").orElse("");
                    throw new UsageError("unknown command '" + first + "'" + hint + "; known: " + String.join(", ", NAMES));
                }
                throw new UsageError("unexpected argument '" + first + "' for " + where + "; options look like --name value (" + where + " --help)");
            }
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> names = new ArrayList<>();
            e.getCommandLine().getCommandSpec().options().stream().filter(o -> !o.hidden()).forEach(o -> names.add(o.longestName()));
            String hint = descent.engine.plugins.Suggestions.closest(name, names).map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new UsageError("unknown option '" + name + "' for " + where + hint + "; " + where + " --help lists its options");
        } catch (CommandLine.ParameterException e) {
            String where = where(e.getCommandLine());
            String message = e.getMessage();
            message = message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
            throw new UsageError(message + " (" + where + " --help)");
        }
    }

    private static String where(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        return spec.parent() == null ? "descent" : "descent " + spec.name();
    }

    /** The innermost command of a parse (the top level when no command was given). */
    static ParseResult innermost(ParseResult r) {
        ParseResult last = r;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        return last;
    }

    /** What the commands read: the command word, the options given (never picocli's defaults), flags and positionals. */
    static Args toArgs(ParseResult r) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        List<String> positional = new ArrayList<>();
        String command = null;
        for (ParseResult level = r; level != null; level = level.subcommand()) {
            if (level != r) {
                command = level.commandSpec().name();
            }
            for (OptionSpec o : level.matchedOptions()) {
                String name = o.longestName().substring(2);
                if (o.arity().max() == 0) {
                    flags.add(name);
                } else if (!o.stringValues().isEmpty()) {
                    options.put(name, o.stringValues().get(o.stringValues().size() - 1));
                }
            }
            // picocli lists a positional spec once per value it matched; its stringValues hold them all
            for (PositionalParamSpec p : new LinkedHashSet<>(level.matchedPositionals())) {
                positional.addAll(p.stringValues());
            }
            // before discovery: what no command declares passes on as --name value, for the command's own checks
            List<String> unmatched = level.unmatched();
            for (int i = 0; i < unmatched.size(); i++) {
                String u = unmatched.get(i);
                if (u.startsWith("--") && u.length() > 2) {
                    int eq = u.indexOf('=');
                    if (eq > 0) {
                        options.put(u.substring(2, eq), u.substring(eq + 1));
                    } else if (i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--")) {
                        options.put(u.substring(2), unmatched.get(++i));
                    } else {
                        flags.add(u.substring(2));
                    }
                } else {
                    positional.add(u);
                }
            }
        }
        return Args.of(command, options, flags, positional);
    }

    /** Names of the options and flags {@code train} itself has, which a hyperparameter cannot take as its plain name. */
    static Set<String> ownNames(String command) {
        CommandSpec spec = build(null).getSubcommands().get(command).getCommandSpec();
        Set<String> names = new LinkedHashSet<>();
        for (OptionSpec o : spec.options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    names.add(n.substring(2));
                }
            }
        }
        return names;
    }

    // ---- the commands

    private static CommandSpec train(Registry registry) {
        CommandSpec spec = command("train", "train a model: one run, written to --out (metrics.csv, run.json, plots, model.zip, checkpoint.zip)");
        spec.usageMessage().footer("%n--optimizer takes one id or a switch: sgd,adams-pece@20 runs sgd for epochs 0-19, then adams-pece initialized"
                + " afresh; a hyperparameter goes to the optimizer that declares it, and --KIND.name (--optimizer.beta, --model.hidden,"
                + " --ID.name in a switch) picks one when two declare the same name. Schedules: see descent list."
                + "%nDefaults come, lowest first, from descent, from DESCENT_<OPTION> variables (DESCENT_EPOCHS=20, DESCENT_BATCH_SIZE=128),"
                + " from --config FILE, and from the command line.");
        spec.addOption(valued("--config", "FILE", "options and hyperparameters from a JSON file: a run.json (trains that run again) or"
                + " {\"lr\": 0.05, \"momentum\": 0.9, ...}; the command line's win", null, false));
        for (String[] o : RunOptions.OPTIONS) {
            if (o[0].equals("plugins")) {
                continue;
            }
            spec.addOption(valued("--" + o[0], label(o[0]), o[2] + (o[1] == null ? "" : " [" + o[1] + "]"), candidates(o[0], registry), false));
            if (o[0].equals("resume")) {
                spec.addOption(flag("--overwrite", "replace the run in --out (without it, a non-empty --out is refused)"));
                spec.addOption(valued("--pause-after", "N|TIME", "stop with a checkpoint and status 0 at the end of an epoch, after N"
                        + " epochs or TIME (90s, 5m, 1h) of training in this process; --resume continues the run", null, false));
            }
        }
        hyperparameters(spec, registry);
        return spec;
    }

    private static CommandSpec compare(Registry registry) {
        CommandSpec spec = command("compare", "train several optimizers from the same initialisations; mean and sd per epoch, paired differences");
        spec.usageMessage().footer("%nEvery train option but --optimizer, --trainer, --out, --resume, --overwrite and --early-stop applies to all"
                + " arms. Running the same command again resumes an interrupted comparison.");
        spec.addOption(valued("--optimizers", "LIST", "the arms: optimizers or switches, e.g. sgd,momentum or \"sgd;sgd,adams-pece@20\""
                + " (an entry ID@E continues the arm before it)", null, false));
        spec.addOption(valued("--preset", "PRESET", "a named experiment (see descent list) or a .properties file",
                registry == null ? null : Presets.names(), false));
        spec.addOption(valued("--inits", "N", "initialisations per arm; init i uses seed --seed + i [the preset's, else 5]", null, false));
        spec.addOption(valued("--out", "DIR", "where OUT/<arm>/init-<i>/ runs and the summary go [runs/compare-<name>]", null, false));
        spec.addOption(valued("--arms", "A,B", "train only these arms (labels); split a comparison over processes sharing --out,"
                + " and the one that finds every run done writes the summary", null, false));
        spec.addOption(flag("--report", "train nothing; summarise the epochs every run has finished so far"));
        spec.addOption(OptionSpec.builder("--spark").arity("0..1").type(String.class).paramLabel("MASTER").fallbackValue("local[*]")
                .description("run each (arm, init) as a Spark task: alone on an embedded local[*], or on MASTER (spark://host:7077, yarn,"
                        + " k8s://...); the runs land in --out as a local compare writes them")
                .completionCandidates(List.of("local[*]", "local[2]", "spark://")).build());
        spec.addOption(valued("--spark-chunk", "N|TIME", "with --spark: each task trains a run for N epochs or TIME (90s, 5m) and returns it"
                + " with its checkpoint, so a lost executor costs at most one part [" + SweepExecutor.Spark.DEFAULT_CHUNK + "]", null, false));
        for (String[] o : RunOptions.OPTIONS) {
            if (o[0].equals("plugins") || o[0].equals("out")) {
                continue;
            }
            // --optimizer, --trainer and --resume are refused by compare itself, with a line saying what to do instead
            boolean hidden = o[0].equals("optimizer") || o[0].equals("trainer") || o[0].equals("resume");
            spec.addOption(valued("--" + o[0], label(o[0]), o[2] + (o[1] == null ? "" : " [" + o[1] + "]"), candidates(o[0], registry), hidden));
        }
        spec.addOption(OptionSpec.builder("--overwrite").arity("0").hidden(true).description("not a compare option").build());
        hyperparameters(spec, registry);
        return spec;
    }

    private static CommandSpec bench(Registry registry) {
        CommandSpec spec = command("bench", "descent's engine against plain DL4J on the same MLP epoch; with --optimizers or --trainers each one's"
                + " time per step against sgd; with --against torch the fast and DL4J executors and PyTorch on the seed nets");
        spec.addOption(valued("--dataset", "ID", "data set [fashion-mnist]", candidates("dataset", registry), false));
        spec.addOption(valued("--data-dir", "DIR", "directory of the data set's files", null, false));
        spec.addOption(valued("--rounds", "N", "rounds, each timing every arm once, after a warm-up [5; 3 with --against torch]", null, false));
        spec.addOption(valued("--hidden", "LIST", "hidden layer widths of the MLP [64,32]", null, false));
        spec.addOption(valued("--batch-size", "B", "mini-batch size [64]", null, false));
        spec.addOption(valued("--lr", "LR", "learning rate [0.1; 0.01 with --against torch]", null, false));
        spec.addOption(valued("--threads", "N", "native threads [1]", null, false));
        spec.addOption(valued("--optimizers", "LIST", "optimizers to time per step against sgd", null, false));
        spec.addOption(valued("--trainers", "LIST", "trainers to time per step against sgd", null, false));
        spec.addOption(flag("--dl4j-baseline", "also sgd on the DL4J executor (sgd-dl4j) in the same rounds"));
        spec.addOption(valued("--against", "PEER", "torch: the fast and DL4J executors and PyTorch on the seed nets", List.of("torch"), false));
        spec.addOption(valued("--models", "LIST", "with --against torch: mlp, lenet [mlp,lenet]", null, false));
        spec.addOption(valued("--executors", "LIST", "with --against torch: fast, dl4j [fast,dl4j]", null, false));
        spec.addOption(valued("--dl4j-steps", "N", "with --against torch: time only the first N steps of a DL4J epoch [150]", null, false));
        spec.addOption(valued("--python", "PATH", "with --against torch: the python3 that has torch", null, false));
        hyperparameters(spec, registry);
        return spec;
    }

    private static CommandSpec serve() {
        CommandSpec spec = command("serve", "a live view of the runs and comparisons under a folder, in the browser");
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("RUNS_DIR").description("the folder [runs]").build());
        spec.addOption(valued("--port", "PORT", "port, 0 for any free one [8321]", null, false));
        spec.addOption(valued("--host", "HOST", "address to bind [127.0.0.1]", null, false));
        return spec;
    }

    private static CommandSpec landscape() {
        CommandSpec spec = command("landscape", "the loss along the line between two finished runs (and its barrier), or along random"
                + " filter-normalised directions around one");
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("RUN").description("one run folder, or two").build());
        spec.addOption(valued("--points", "N", "points along the line or per grid axis [41]", null, false));
        spec.addOption(valued("--margin", "M", "how far past each end the line goes [0.25]", null, false));
        spec.addOption(valued("--range", "R", "half-width of a random slice [1]", null, false));
        spec.addOption(valued("--dims", "D", "1 or 2 random directions [1]", List.of("1", "2"), false));
        spec.addOption(valued("--subset", "N", "seeded training rows the train loss is taken on [5000]", null, false));
        spec.addOption(valued("--seed", "S", "seed of the subset and the directions [1]", null, false));
        spec.addOption(valued("--out", "DIR", "output folder [RUN_A-to-RUN_B, or RUN-slice]", null, false));
        return spec;
    }

    private static CommandSpec help() {
        CommandSpec spec = command("help", "print the options of a command");
        spec.addPositional(PositionalParamSpec.builder().arity("0..1").paramLabel("COMMAND").completionCandidates(NAMES)
                .description("the command").build());
        return spec;
    }

    private static CommandSpec completion() {
        CommandSpec spec = command("completion", "print a completion script: source <(descent completion bash), or in zsh"
                + " source <(descent completion zsh)");
        spec.addPositional(PositionalParamSpec.builder().arity("0..1").paramLabel("SHELL").completionCandidates(List.of("bash", "zsh"))
                .description("bash or zsh [bash]").build());
        return spec;
    }

    private static CommandSpec simple(String name, String description) {
        return command(name, description);
    }

    private static CommandSpec command(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().width(WIDTH).description(description).optionListHeading("%nOptions:%n").abbreviateSynopsis(true)
                .sortOptions(false);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this command's options").build());
        return spec;
    }

    /** The options every command takes (read before the plugins are discovered). */
    private static void global(CommandSpec spec) {
        spec.addOption(valued("--device", "DEVICE", "auto, cpu or cuda [auto: cuda when nd4j-cuda is bundled and a GPU is visible]",
                List.of("auto", "cpu", "cuda"), false));
        spec.addOption(valued("--native-build", "NAME", "ND4J's CPU build, read by the launcher [DESCENT_NATIVE_BUILD]", null, false));
        spec.addOption(valued("--plugins", "DIR", "also load plugin jars from DIR", null, false));
        spec.addOption(flag("--strict-plugins", "a broken plugin jar is an error, not a warning"));
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0").description("debug logging and stack traces").build());
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).arity("0").description(description).build();
    }

    private static OptionSpec valued(String name, String label, String description, List<String> candidates, boolean hidden) {
        OptionSpec.Builder b = OptionSpec.builder(name).arity("1").type(String.class).paramLabel(label)
                .description(description).hidden(hidden);
        if (candidates != null) {
            b.completionCandidates(candidates);
        }
        return b.build();
    }

    /** The value's name in the help of an engine option. */
    private static String label(String option) {
        return switch (option) {
            // distinct labels where there are candidates: the bash script names its arrays after them
            case "dataset", "model", "optimizer", "trainer", "scaling", "executor", "schedule" -> option.toUpperCase(Locale.ROOT);
            case "data-dir", "out", "resume" -> "DIR";
            case "lr", "clip-value", "clip-norm", "weight-decay" -> "X";
            case "validation" -> "F|N";
            case "early-stop" -> "P[:D]";
            case "checkpoint-every" -> "N|Ts";
            case "sharpness-every" -> "K|Ks";
            default -> "N";
        };
    }

    /** Completion candidates of an engine option: the ids found, or its fixed choices. */
    private static List<String> candidates(String option, Registry registry) {
        return switch (option) {
            case "scaling" -> List.of("unit", "standardize", "none");
            case "executor" -> List.of("fast", "dl4j");
            case "schedule" -> Schedules.kinds().stream().map(descent.engine.schedule.ScheduleKind::id).toList();
            case "dataset" -> registry == null ? null : List.copyOf(registry.providers(ProviderKind.DATASET).keySet());
            case "model" -> registry == null ? null : List.copyOf(registry.providers(ProviderKind.MODEL).keySet());
            case "optimizer" -> registry == null ? null : List.copyOf(registry.providers(ProviderKind.OPTIMIZER).keySet());
            case "trainer" -> registry == null ? null : List.copyOf(registry.providers(ProviderKind.TRAINER).keySet());
            default -> null;
        };
    }

    /**
     * Adds every hyperparameter the registry's providers declare: {@code --name} (unless the
     * command has an option of that name; the hyperparameter then takes only the qualified form),
     * its description naming who declares it and its type, range and default; and, hidden,
     * {@code --KIND.name} and {@code --ID.name}.
     */
    private static void hyperparameters(CommandSpec spec, Registry registry) {
        if (registry == null) {
            return;
        }
        Set<String> taken = new LinkedHashSet<>();
        spec.options().forEach(o -> taken.addAll(List.of(o.names())));
        Map<String, List<String>> plain = new TreeMap<>();
        Map<String, Hyperparameter> first = new LinkedHashMap<>();
        Set<String> qualified = new java.util.TreeSet<>();
        for (ProviderKind<?> kind : ProviderKind.all()) {
            for (Provider p : registry.providers(kind).values()) {
                for (Hyperparameter h : p.hyperparameters()) {
                    plain.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(kind.noun() + "\u0000" + p.id() + "\u0000" + h.describe());
                    first.putIfAbsent(h.name(), h);
                    qualified.add(kind.option() + "." + h.name());
                    if (kind == ProviderKind.OPTIMIZER) {
                        qualified.add(p.id() + "." + h.name());
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : plain.entrySet()) {
            String name = "--" + e.getKey();
            if (taken.add(name)) {
                Hyperparameter h = first.get(e.getKey());
                String label = switch (h.type()) {
                    case REAL -> "REAL";
                    case INTEGER -> "INT";
                    case BOOLEAN -> "BOOL";
                    case TEXT -> "TEXT";
                };
                OptionSpec.Builder b = OptionSpec.builder(name).arity("1").type(String.class).paramLabel(label)
                        .description(declarers(e.getValue()));
                if (h.type() == Hyperparameter.Type.BOOLEAN) {
                    b.completionCandidates(List.of("true", "false"));
                }
                spec.addOption(b.build());
            }
        }
        for (String q : qualified) {
            if (taken.add("--" + q)) {
                spec.addOption(OptionSpec.builder("--" + q).arity("1").type(String.class).hidden(true).description("hyperparameter " + q).build());
            }
        }
    }

    /** One line per distinct declaration, naming the providers that share it: "trainers tp-batch, dtp: sigma (real >= 0 ...)". */
    private static String[] declarers(List<String> entries) {
        Map<String, Map<String, List<String>>> byText = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] f = entry.split("\u0000", 3);
            byText.computeIfAbsent(f[2], k -> new LinkedHashMap<>()).computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        }
        List<String> lines = new ArrayList<>();
        byText.forEach((text, kinds) -> {
            List<String> who = new ArrayList<>();
            kinds.forEach((noun, ids) -> who.add((ids.size() == 1 ? noun : noun.equals("data set") ? "data sets" : noun + "s") + " " + String.join(", ", ids)));
            lines.add(String.join("; ", who) + ": " + text);
        });
        return lines.toArray(String[]::new);
    }

    /** The completion script for {@code shell} (bash or zsh: picocli's script runs in zsh through bashcompinit). */
    static String completionScript(CommandLine cl, String shell) {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new DescentException("descent completion takes bash or zsh, got '" + shell + "'");
        }
        return picocli.AutoComplete.bash("descent", cl);
    }
}
