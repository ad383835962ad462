package descent.app.internal;

import descent.api.DescentException;
import descent.api.data.Scaling;
import descent.engine.Executor;
import descent.engine.OptimizerSpec;
import descent.engine.Validation;
import descent.engine.schedule.GradientTransform;
import descent.engine.schedule.LearningRateSchedule;
import descent.engine.schedule.Schedules;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run's engine configuration, parsed and checked once, at the edge: {@code descent train},
 * each run of a {@code compare}, {@code landscape} and {@code --resume} build one from the option
 * texts (the command line's, a {@code --config} file's, {@code run.json}'s, a preset's), and the
 * training code reads only these typed values. The hyperparameters of the providers it names are
 * checked against their declarations by {@link TrainRunner.Setup}, which holds the providers.
 *
 * <p>{@link #options()} writes it back as the texts {@code run.json} stores, one canonical text per
 * value ({@code --lr 1e-3} is stored as {@code 0.001}), so that two runs with the same configuration
 * have the same {@code options} block, key for key in the same order.
 */
record RunConfig(Data data, Net model, Algorithm algorithm, Steps steps, Clipping clipping, Holdout holdout, Diagnostics diagnostics,
        Outputs outputs) {

    /** The data set: its id, the folder of its files (null: the data set's own) and the feature scaling. */
    record Data(String id, Path dir, Scaling scaling) {
    }

    /** The model's id. */
    record Net(String id) {
    }

    /** What trains: an optimizer (or a switch between optimizers), or a trainer; exactly one is set. */
    record Algorithm(OptimizerSpec optimizer, String trainer) {
        /** The id as checkpoints name it: the trainer's id or the optimizer spec's text. */
        String id() {
            return optimizer == null ? trainer : optimizer.text();
        }

        String kind() {
            return optimizer == null ? "trainer" : "optimizer";
        }
    }

    /** The step size and its schedule, the batch, the length, the seed, the native threads and the executor. */
    record Steps(double lr, String schedule, int batchSize, int epochs, long seed, int threads, Executor executor) {
        /** A new schedule object for a run (a plateau schedule keeps state, so each run gets its own). */
        LearningRateSchedule newSchedule() {
            return Schedules.parse(schedule, lr, epochs);
        }
    }

    /** Gradient clipping and weight decay; null: not clipped. */
    record Clipping(Double value, Double norm, double weightDecay) {
        GradientTransform transform() {
            return new GradientTransform(value == null ? Double.POSITIVE_INFINITY : value, norm == null ? Double.POSITIVE_INFINITY : norm,
                    weightDecay);
        }
    }

    /**
     * The validation split as given (a fraction or a count; null: none) and early stopping (patience 0: off).
     */
    record Holdout(String validation, int patience, double minDelta, String earlyStop) {
    }

    /**
     * The diagnostics: sharpness every {@code sharpnessEpochs} epochs or every {@code sharpnessSteps}
     * steps (0: off), gradient noise every {@code noiseEvery} epochs (0: off).
     */
    record Diagnostics(int sharpnessEpochs, int sharpnessSteps, int sharpnessIterations, int hessianTraceSamples, int noiseEvery,
            int noiseBatches, int subset) {
    }

    /** Where the run goes (null until a command names it), and the in-epoch checkpoints (0: none). */
    record Outputs(Path out, long checkpointSteps, double checkpointSeconds) {
    }

    /**
     * Parses and checks the engine options (every one, defaults filled in, as {@link RunOptions#take}
     * gives them).
     *
     * @throws DescentException one line naming the option, the value and what it takes
     */
    static RunConfig parse(Map<String, String> o) {
        int epochs = intOption(o, "epochs", 1);
        int batchSize = intOption(o, "batch-size", 1);
        long seed = longOption(o, "seed");
        int threads = intOption(o, "threads", 1);
        Executor executor = Executor.parse(o.getOrDefault("executor", "fast"));
        double lr = realOption(o, "lr");
        Scaling scaling = scaling(o.get("scaling"));
        Data data = new Data(require(o, "dataset"), o.get("data-dir") == null ? null : Path.of(o.get("data-dir")), scaling);
        Net model = new Net(require(o, "model"));
        Algorithm algorithm = o.containsKey("trainer") ? new Algorithm(null, o.get("trainer"))
                : new Algorithm(OptimizerSpec.parse(require(o, "optimizer")), null);

        String validation = o.get("validation");
        if (validation != null) {
            // the range check needs the training split's size; the form is checked now
            Validation.count(validation, Integer.MAX_VALUE);
        }
        int patience = 0;
        double minDelta = 0;
        String early = o.get("early-stop");
        if (early != null) {
            Matcher m = Pattern.compile("([1-9][0-9]{0,8})(?::([0-9]*\\.?[0-9]+(?:[eE]-?[0-9]+)?))?").matcher(early.strip());
            if (!m.matches()) {
                throw new DescentException("--early-stop must be PATIENCE or PATIENCE:MIN_DELTA (epochs >= 1, a delta >= 0), e.g. 5"
                        + " or 5:0.001, got '" + early + "'");
            }
            if (validation == null) {
                throw new DescentException("--early-stop watches the validation loss; add --validation FRACTION or N (e.g. 0.1)");
            }
            patience = Integer.parseInt(m.group(1));
            minDelta = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
            early = early.strip();
        }
        Steps steps = new Steps(lr, o.getOrDefault("schedule", "constant"), batchSize, epochs, seed, threads, executor);
        steps.newSchedule();
        // GradientTransform checks the ranges (c > 0, lambda >= 0) with its own messages
        GradientTransform checked = GradientTransform.fromFlags(o.get("clip-value"), o.get("clip-norm"), o.get("weight-decay"));
        Clipping clipping = new Clipping(o.get("clip-value") == null ? null : checked.clipValue(),
                o.get("clip-norm") == null ? null : checked.clipNorm(), checked.weightDecay());

        int sharpnessEpochs = 0;
        int sharpnessSteps = 0;
        String sharpnessEvery = o.get("sharpness-every");
        if (sharpnessEvery != null && sharpnessEvery.strip().endsWith("s")) {
            String text = sharpnessEvery.strip();
            try {
                sharpnessSteps = Integer.parseInt(text.substring(0, text.length() - 1));
            } catch (NumberFormatException e) {
                throw new DescentException("--sharpness-every must be a number of epochs (5) or of steps (100s), got '" + sharpnessEvery + "'");
            }
            if (sharpnessSteps < 1) {
                throw new DescentException("--sharpness-every must be a number of epochs (5) or of steps (100s), got '" + sharpnessEvery + "'");
            }
        } else if (sharpnessEvery != null) {
            sharpnessEpochs = intOption(o, "sharpness-every", 1);
        }
        Diagnostics diagnostics = new Diagnostics(sharpnessEpochs, sharpnessSteps, intOption(o, "sharpness-iterations", 1),
                intOption(o, "hessian-trace-samples", 0), o.get("noise-every") == null ? 0 : intOption(o, "noise-every", 1),
                intOption(o, "noise-batches", 2), intOption(o, "diagnostics-subset", 2));

        long checkpointSteps = 0;
        double checkpointSeconds = 0;
        if (o.get("checkpoint-every") != null) {
            String every = o.get("checkpoint-every").strip();
            if (every.matches("[1-9][0-9]{0,17}")) {
                checkpointSteps = Long.parseLong(every);
            } else if (every.matches("[0-9]+(\\.[0-9]+)?s") && Double.parseDouble(every.substring(0, every.length() - 1)) > 0) {
                checkpointSeconds = Double.parseDouble(every.substring(0, every.length() - 1));
            } else {
                throw new DescentException("--checkpoint-every must be a number of steps (500) or of seconds (300s), got '" + every + "'");
            }
        }
        Outputs outputs = new Outputs(o.get("out") == null ? null : Path.of(o.get("out")), checkpointSteps, checkpointSeconds);
        return new RunConfig(data, model, algorithm, steps, clipping, new Holdout(validation, patience, minDelta, early), diagnostics,
                outputs);
    }

    /** This configuration writing its run into {@code out}. */
    RunConfig withOut(Path out) {
        return new RunConfig(data, model, algorithm, steps, clipping, holdout, diagnostics,
                new Outputs(out, outputs.checkpointSteps(), outputs.checkpointSeconds()));
    }

    /** The options as {@code run.json} stores them: canonical texts, in {@link RunOptions#OPTIONS}' order. */
    Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("dataset", data.id());
        if (data.dir() != null) {
            o.put("data-dir", data.dir().toString());
        }
        o.put("scaling", switch (data.scaling()) {
            case UNIT -> "unit";
            case STANDARDIZE -> "standardize";
            case NONE -> "none";
        });
        o.put("model", model.id());
        if (algorithm.optimizer() != null) {
            o.put("optimizer", algorithm.optimizer().text());
        } else {
            o.put("trainer", algorithm.trainer());
        }
        o.put("lr", text(steps.lr()));
        o.put("schedule", steps.schedule());
        o.put("batch-size", Integer.toString(steps.batchSize()));
        o.put("epochs", Integer.toString(steps.epochs()));
        o.put("seed", Long.toString(steps.seed()));
        o.put("threads", Integer.toString(steps.threads()));
        o.put("executor", steps.executor().id());
        if (clipping.value() != null) {
            o.put("clip-value", text(clipping.value()));
        }
        if (clipping.norm() != null) {
            o.put("clip-norm", text(clipping.norm()));
        }
        o.put("weight-decay", text(clipping.weightDecay()));
        if (outputs.out() != null) {
            o.put("out", outputs.out().toString());
        }
        if (holdout.validation() != null) {
            o.put("validation", holdout.validation());
        }
        if (holdout.earlyStop() != null) {
            o.put("early-stop", holdout.earlyStop());
        }
        if (outputs.checkpointSteps() > 0) {
            o.put("checkpoint-every", Long.toString(outputs.checkpointSteps()));
        } else if (outputs.checkpointSeconds() > 0) {
            o.put("checkpoint-every", text(outputs.checkpointSeconds()) + "s");
        }
        if (diagnostics.sharpnessSteps() > 0) {
            o.put("sharpness-every", diagnostics.sharpnessSteps() + "s");
        } else if (diagnostics.sharpnessEpochs() > 0) {
            o.put("sharpness-every", Integer.toString(diagnostics.sharpnessEpochs()));
        }
        o.put("sharpness-iterations", Integer.toString(diagnostics.sharpnessIterations()));
        o.put("hessian-trace-samples", Integer.toString(diagnostics.hessianTraceSamples()));
        if (diagnostics.noiseEvery() > 0) {
            o.put("noise-every", Integer.toString(diagnostics.noiseEvery()));
        }
        o.put("noise-batches", Integer.toString(diagnostics.noiseBatches()));
        o.put("diagnostics-subset", Integer.toString(diagnostics.subset()));
        return o;
    }

    /** {@code options} as {@link #options()} writes them (for comparing a stored run.json with a new configuration). */
    static Map<String, String> canonical(Map<String, String> options) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.putIfAbsent("executor", "dl4j");
        try {
            return parse(o).options();
        } catch (DescentException e) {
            return options; // a value this build no longer takes: compared as it stands
        }
    }

    /** The shortest plain decimal of {@code x}: 0.05, 0.001, 2 (never 1.0E-3). */
    static String text(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        String plain = BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new DescentException("--" + name + " needs a value (see descent list)");
        }
        return v.strip();
    }

    private static Scaling scaling(String s) {
        return switch (s == null ? "unit" : s) {
            case "unit" -> Scaling.UNIT;
            case "standardize" -> Scaling.STANDARDIZE;
            case "none" -> Scaling.NONE;
            default -> throw new DescentException("unknown scaling '" + s + "'; known: unit, standardize, none");
        };
    }

    static int intOption(Map<String, String> o, String name, int min) {
        String v = o.get(name);
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= min) {
                return i;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new DescentException("--" + name + " must be an integer >= " + min + ", got '" + v + "'");
    }

    private static long longOption(Map<String, String> o, String name) {
        String v = o.get(name);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new DescentException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    private static double realOption(Map<String, String> o, String name) {
        String v = o.get(name);
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new DescentException("--" + name + " must be a number > 0, got '" + v + "'");
        }
        return d;
    }
}
