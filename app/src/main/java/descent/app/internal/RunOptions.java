package descent.app.internal;

import descent.api.DescentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import descent.engine.plugins.Suggestions;

/**
 * The engine-level options of {@code descent train}, with their defaults; everything else on the
 * command line is a hyperparameter of the chosen optimizer (or trainer), model or data set.
 */
final class RunOptions {

    /** Option name, default (null: none), help line; in the order {@code descent train --help} prints. */
    static final List<String[]> OPTIONS = List.of(
            new String[] {"dataset", "fashion-mnist", "data set id (see descent list)"},
            new String[] {"data-dir", null, "directory of the data set's files (default: the data set's own)"},
            new String[] {"scaling", "unit", "feature scaling: unit ([0,1]), standardize, none"},
            new String[] {"model", "mlp", "model id"},
            new String[] {"optimizer", "sgd", "optimizer id, or a switch such as sgd,adams-pece@20 (adams-pece from epoch 20 on)"},
            new String[] {"trainer", null, "trainer id, instead of an optimizer (algorithms that are not a gradient step)"},
            new String[] {"lr", "0.1", "learning rate (step size)"},
            new String[] {"schedule", "constant", "learning-rate schedule, e.g. multistep:20=0.01,35=0.001 (see descent list)"},
            new String[] {"batch-size", "64", "mini-batch size"},
            new String[] {"epochs", "5", "epochs in total (with --resume: up to this many)"},
            new String[] {"seed", "1", "seed of weights and shuffling"},
            new String[] {"threads", "1", "native (OpenMP/BLAS) threads; 1 is fastest on 2 cores"},
            new String[] {"executor", "fast", "fast (a compiled plan of BLAS products and Java loops) or dl4j (MultiLayerNetwork, the reference)"},
            new String[] {"clip-value", null, "clip each gradient component to [-c, c]"},
            new String[] {"clip-norm", null, "rescale the gradient to L2 norm <= c"},
            new String[] {"weight-decay", "0", "L2 weight decay lambda (adds lambda*theta to the gradient)"},
            new String[] {"out", null, "output directory (default runs/<optimizer>-<time>)"},
            new String[] {"resume", null, "continue the run in this directory up to --epochs"},
            new String[] {"validation", null, "hold out a seeded, stratified part of the training split: a fraction (0.1) or N examples"},
            new String[] {"early-stop", null, "stop after PATIENCE epochs without a validation-loss improvement [by MIN_DELTA]: P or P:D"},
            new String[] {"checkpoint-every", null, "also checkpoint inside an epoch: every N steps, or every Ts seconds (300s)"},
            new String[] {"sharpness-every", null, "every K epochs (or Ks steps: 100s, one row each in sharpness.csv), the top Hessian eigenvalue of the training loss (power iteration; off by default)"},
            new String[] {"sharpness-iterations", "20", "power iterations for the sharpness, at most (2 gradient evaluations each)"},
            new String[] {"hessian-trace-samples", "0", "with --sharpness-every: also the Hessian trace by Hutchinson's estimator from N vectors (2 gradient evaluations each)"},
            new String[] {"noise-every", null, "every K epochs, the mini-batch gradient noise, tr(Sigma), B_simple and lr/B (off by default)"},
            new String[] {"noise-batches", "32", "mini-batches drawn for the gradient noise (1 gradient evaluation each)"},
            new String[] {"diagnostics-subset", "1000", "training examples (seeded) the sharpness and gradient noise are measured on"},
            new String[] {"plugins", null, "extra plugin directory (besides plugins/ next to the launcher)"});

    /** Options whose value is fixed by a run and must not change on --resume. */
    static final Set<String> FIXED_ON_RESUME = Set.of("dataset", "data-dir", "scaling", "model", "optimizer", "trainer", "lr",
            "schedule", "batch-size", "seed", "clip-value", "clip-norm", "weight-decay", "validation", "early-stop");

    private RunOptions() {
    }

    static boolean isOption(String name) {
        return OPTIONS.stream().anyMatch(o -> o[0].equals(name));
    }

    /** Variables the {@code ./descent} launcher reads, which are not option defaults. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("DESCENT_JAVA_HOME", "DESCENT_JAVA_OPTS", "DESCENT_NATIVE_BUILD", "DESCENT_NO_CDS",
            "DESCENT_NO_VECTOR", "DESCENT_CACHE_DIR", "DESCENT_HOME");

    /** Options an environment variable cannot default: they name one run's folder, or a file to read. */
    static final Set<String> NOT_FROM_ENVIRONMENT = Set.of("out", "resume", "config", "plugins");

    /**
     * Option defaults from {@code DESCENT_<OPTION>} variables ({@code DESCENT_BATCH_SIZE=128} for
     * {@code --batch-size}); a {@code DESCENT_} variable that is neither an option nor the
     * launcher's gets a warning line, so that a misspelt one does not go unnoticed.
     */
    static Map<String, String> environment(Map<String, String> env, java.util.function.Consumer<String> warn) {
        Map<String, String> defaults = new LinkedHashMap<>();
        List<String> known = OPTIONS.stream().map(o -> o[0]).filter(n -> !NOT_FROM_ENVIRONMENT.contains(n)).toList();
        new java.util.TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith("DESCENT_") || LAUNCHER_VARIABLES.contains(name)) {
                return;
            }
            String option = name.substring("DESCENT_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            if (isOption(option) && !NOT_FROM_ENVIRONMENT.contains(option)) {
                defaults.put(option, value);
            } else if (isOption(option) || option.equals("config")) {
                warn.accept(name + " is ignored: --" + option + " is not taken from the environment; give it on the command line");
            } else {
                String hint = Suggestions.closest(option, known).map(s -> " (did you mean " + variable(s) + "?)").orElse("");
                warn.accept(name + " names no option of descent" + hint + "; it is ignored");
            }
        });
        return defaults;
    }

    /** {@code batch-size} → {@code DESCENT_BATCH_SIZE}. */
    static String variable(String option) {
        return "DESCENT_" + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** Takes every engine option out of {@code args}, with descent's defaults filled in (absent ones stay absent). */
    static Map<String, String> take(Args args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] o : OPTIONS) {
            String v = args.take(o[0], o[1]);
            if (v != null) {
                values.put(o[0], v);
            }
        }
        if (values.containsKey("trainer")) {
            values.remove("optimizer");
        }
        return values;
    }

    static DescentException unknown(String name, Set<String> hyperparameters) {
        StringBuilder known = new StringBuilder();
        for (String[] o : OPTIONS) {
            known.append(known.length() == 0 ? "" : ", ").append("--").append(o[0]);
        }
        for (String h : hyperparameters) {
            known.append(", --").append(h);
        }
        List<String> all = java.util.stream.Stream.concat(OPTIONS.stream().map(o -> o[0]), hyperparameters.stream()).toList();
        String hint = Suggestions.closest(name, all).map(s -> " (did you mean '--" + s + "'?)").orElse("");
        return new DescentException("unknown option '--" + name + "'" + hint + "; known: " + known);
    }
}
