package descent.app.internal;

import descent.api.DescentException;
import descent.api.Provider;
import descent.engine.Training;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.schedule.Schedules;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code descent train}: reads the options (or, with {@code --resume}, the run's {@code run.json}
 * and checkpoint) and trains one run with {@link TrainRunner}, which writes {@code run.json},
 * {@code metrics.csv}, {@code plot.png} and {@code checkpoint.zip} into the output directory.
 * {@code --optimizer} may switch optimizer at given epochs ({@code sgd,adams-pece@20}).
 */
final class TrainCommand {

    private final TrainRunner runner;

    @Inject
    TrainCommand(TrainRunner runner) {
        this.runner = runner;
    }

    int run(Args args) {
        String resume = args.take("resume", null);
        boolean overwrite = args.flag("overwrite");
        String configFile = args.take("config", null);
        String pauseAfter = args.take("pause-after", null);
        runner.pauseAfter(pauseAfter == null ? null : Pause.parse("pause-after", pauseAfter));
        if (resume != null && configFile != null) {
            throw new DescentException("--config and --resume contradict each other: a resumed run keeps the configuration in '" + resume
                    + "/run.json'; to train that configuration as a new run, give --config " + resume + "/run.json --out DIR");
        }
        if (resume != null) {
            if (overwrite) {
                throw new DescentException("--overwrite and --resume contradict each other: --resume continues the run in '"
                        + resume + "', --overwrite would replace it; give one");
            }
            Path outDir = Path.of(resume);
            // read before locking too: a wrong --resume must not create a folder
            RunRecord.read(outDir.resolve(TrainRunner.RUN_JSON));
            try (RunFolder folder = RunFolder.lock(outDir)) {
                return resume(args, folder);
            }
        }
        ConfigFile config = configFile == null ? ConfigFile.none() : ConfigFile.read(Path.of(configFile));
        // lowest first: descent's defaults (in RunOptions), DESCENT_* variables, the file, the command line
        Map<String, String> defaults = new LinkedHashMap<>();
        layer(defaults, RunOptions.environment(System.getenv(), w -> runner.err().println("descent: warning: " + w)));
        layer(defaults, config.options());
        Map<String, String> given = new LinkedHashMap<>();
        for (String[] o : RunOptions.OPTIONS) {
            if (args.has(o[0])) {
                given.put(o[0], args.take(o[0], null));
            }
        }
        layer(defaults, given);
        // parsed and checked once: everything below reads the typed configuration
        RunConfig run = RunConfig.parse(RunOptions.take(Args.of("train", defaults, java.util.Set.of(), List.of())));
        String name = run.algorithm().optimizer() == null ? run.algorithm().trainer() : run.algorithm().optimizer().label();
        Path outDir = run.outputs().out() != null ? run.outputs().out()
                : Path.of("runs/" + name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        run = run.withOut(outDir);
        Map<String, Provider> providers = runner.providers(run);
        Map<String, String> loose = new LinkedHashMap<>(config.loose());
        loose.putAll(args.remaining());
        Map<String, Map<String, String>> hyper = config.merge(run.options(), providers.keySet(), TrainRunner.route(loose, providers, true));
        TrainRunner.Setup setup = runner.setup(run, hyper);
        try (RunFolder folder = RunFolder.lock(outDir)) {
            folder.prepareForNewRun(overwrite);
            runner.run(setup, folder, null, "", overwrite ? "overwrite" : "new");
        }
        return 0;
    }

    /**
     * Puts {@code top} over {@code base}; an optimizer in {@code top} drops a trainer from below and
     * the other way round, since a run has one algorithm.
     */
    private static void layer(Map<String, String> base, Map<String, String> top) {
        if (top.containsKey("optimizer")) {
            base.remove("trainer");
        }
        if (top.containsKey("trainer")) {
            base.remove("optimizer");
        }
        base.putAll(top);
    }

    private int resume(Args args, RunFolder folder) {
        Path outDir = folder.dir();
        String resume = outDir.toString();
        RunRecord saved = RunRecord.read(outDir.resolve(TrainRunner.RUN_JSON));
        Path checkpointFile = outDir.resolve(TrainRunner.CHECKPOINT);
        Checkpoint checkpoint = java.nio.file.Files.exists(checkpointFile) ? CheckpointFile.read(checkpointFile) : null;
        Map<String, String> options = new LinkedHashMap<>(saved.options());
        Map<String, Map<String, String>> given = saved.hyperparameters();
        // run.json of a release before --executor has none: those runs ran on DL4J
        options.putIfAbsent("executor", "dl4j");
        Map<String, String> canonical = RunConfig.canonical(options);
        for (String fixed : RunOptions.FIXED_ON_RESUME) {
            if (args.has(fixed)) {
                String value = args.take(fixed, null);
                Map<String, String> asked = new LinkedHashMap<>(options);
                asked.put(fixed, value);
                if (!value.equals(options.get(fixed)) && !java.util.Objects.equals(RunConfig.canonical(asked).get(fixed), canonical.get(fixed))) {
                    throw new DescentException("--" + fixed + " cannot change on --resume (the run in '" + resume
                            + "' used " + options.get(fixed) + ", not " + value + "); start a new run with --out instead");
                }
            }
        }
        int planned = Integer.parseInt(options.get("epochs"));
        for (String free : List.of("epochs", "threads", "plugins", "executor", "checkpoint-every")) {
            if (args.has(free)) {
                options.put(free, args.take(free, null));
            }
        }
        if (args.has("out")) {
            throw new DescentException("--out cannot be combined with --resume: the run continues in '" + resume + "'");
        }
        if (!args.remaining().isEmpty()) {
            throw new DescentException("hyperparameter '--" + args.remaining().keySet().iterator().next()
                    + "' cannot change on --resume; start a new run with --out instead");
        }
        TrainRunner.Setup setup = runner.setup(options, given);
        descent.engine.device.CpuKernels before = saved.kernels();
        descent.engine.device.CpuKernels now = descent.engine.device.CpuKernels.current();
        if (before != null && !now.roundsLike(before)) {
            runner.err().println("descent: warning: the run in '" + resume + "' was written on " + before.describe() + "; this is " + now.describe()
                    + ": the kernels round differently, so the epochs trained now will not match an uninterrupted run's bit for bit"
                    + " (OPENBLAS_CORETYPE=Haswell on both machines makes them agree)");
        }
        int done = checkpoint == null ? 0 : checkpoint.epoch();
        if (checkpoint != null && Training.stoppedEarly(checkpoint)) {
            throw new DescentException("the run in '" + resume + "' stopped early at epoch " + done + " (its best epoch, "
                    + Training.bestEpoch(checkpoint) + ", is in best.zip); it is complete");
        }
        if (setup.epochs <= done) {
            throw new DescentException(done >= planned && setup.epochs == planned
                    ? "the run in '" + resume + "' is complete (" + done + " of " + planned + " epochs); --epochs N with N > "
                            + done + " extends it"
                    : "--epochs " + setup.epochs + " on --resume: the run in '" + resume + "' has finished " + done
                            + " epochs already; give --epochs larger than " + done + " to continue it");
        }
        if (setup.epochs > planned) {
            String schedule = options.get("schedule");
            if (Schedules.parse(schedule, setup.lr, planned).shapedByTotalEpochs()) {
                throw new DescentException("--epochs " + setup.epochs + " would extend a run planned for " + planned
                        + " epochs whose schedule '" + schedule + "' is shaped by that total (it reaches its final rate at epoch "
                        + planned + "); start a new run with --out and --epochs " + setup.epochs + " instead");
            }
            out().println("descent: extending the run in '" + resume + "' from " + planned + " to " + setup.epochs
                    + " epochs; the schedule '" + schedule + "' does not depend on the total and continues as it is");
        }
        if (checkpoint == null) {
            out().println("descent: the run in '" + resume + "' has no checkpoint yet (it stopped in its first epoch); "
                    + "training it again from epoch 1");
        }
        runner.run(setup, folder, checkpoint, "", checkpoint == null ? "restart" : "resume");
        return 0;
    }

    private java.io.PrintStream out() {
        return runner.out();
    }
}
