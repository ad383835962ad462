package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.data.Split;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.EpochPlan;
import descent.api.optim.OptimizerProvider;
import descent.api.train.TrainerProvider;
import descent.engine.EpochMetrics;
import descent.engine.OptimizerSpec;
import descent.engine.Training;
import descent.engine.TrainingListener;
import descent.engine.Validation;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.device.DeviceSelection;
import descent.engine.plugins.Registry;
import descent.engine.report.MetricsTable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One training run in its own directory, as {@code descent train} makes it and {@code descent
 * compare} makes many: {@link #setup} checks a configuration (options and hyperparameters) without
 * loading anything, {@link #run} loads the data, builds the model and the optimizer (or trainer),
 * trains from scratch or continues from a checkpoint, and writes {@code run.json},
 * {@code metrics.csv}, {@code plot.png}, {@code checkpoint.zip} and, for a DL4J network (mlp, lenet,
 * dl4j:FILE), {@code model.zip} with the final parameters.
 *
 * <p>Hyperparameters are routed by key: {@code optimizer} (or, for a switch such as
 * {@code sgd,adams-pece@20}, each optimizer's id), {@code trainer}, {@code model} and
 * {@code dataset}; {@code run.json} stores them under the same keys. A data set loaded stays in
 * {@link DataCache} (JVM-wide) until another is needed, so the runs of one initialisation in a
 * comparison, or the Spark tasks of one executor, load it once.
 */
final class TrainRunner {

    static final String RUN_JSON = "run.json";
    static final String METRICS = "metrics.csv";
    static final String PLOT = "plot.png";
    static final String CHECKPOINT = "checkpoint.zip";
    static final String BEST = "best.zip";
    /** The step-wise sharpness measurements ({@code --sharpness-every Ks}), one row each. */
    static final String SHARPNESS = "sharpness.csv";

    private final Registry registry;
    private final PrintStream out;
    private final PrintStream err;
    /** The signals of the run in progress; polled by its training loop. */
    private volatile StopSignals stop;
    /** {@code --pause-after} of the next run, or null. */
    private Pause pause;

    private final DeviceSelection device;

    @Inject
    TrainRunner(Registry registry, DeviceSelection device, @Named("out") PrintStream out, @Named("err") PrintStream err) {
        this.device = device;
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    /** A configuration with its providers: the typed options, the providers found, their hyperparameters validated. */
    final class Setup {
        final RunConfig config;
        final int epochs;
        final int batchSize;
        final long seed;
        final int threads;
        final descent.engine.Executor executor;
        final double lr;
        final Scaling scaling;
        final DatasetProvider datasetProvider;
        final ModelProvider modelProvider;
        final OptimizerSpec spec;
        final Map<String, Provider> algorithms;
        final Map<String, Hyperparameters> algorithmHp;
        final Hyperparameters modelHp;
        final Hyperparameters datasetHp;
        /** {@code --validation} as given (a fraction or a count), or null. */
        final String validation;
        /** {@code --early-stop}: patience (0: off) and min_delta. */
        final int patience;
        final double minDelta;

        private Setup(RunConfig config, Map<String, Map<String, String>> given) {
            this.config = config;
            RunConfig.Steps steps = config.steps();
            epochs = steps.epochs();
            batchSize = steps.batchSize();
            seed = steps.seed();
            threads = steps.threads();
            executor = steps.executor();
            lr = steps.lr();
            scaling = config.data().scaling();
            datasetProvider = registry.dataset(config.data().id());
            modelProvider = registry.model(config.model().id());
            spec = config.algorithm().optimizer();
            algorithms = algorithms(config.algorithm());
            algorithmHp = new LinkedHashMap<>();
            algorithms.forEach((key, p) -> algorithmHp.put(key, Hyperparameters.of(describe(key, p), p.hyperparameters(),
                    given.getOrDefault(key, Map.of()))));
            modelHp = Hyperparameters.of("model '" + modelProvider.id() + "'", modelProvider.hyperparameters(),
                    given.getOrDefault("model", Map.of()));
            datasetHp = Hyperparameters.of("data set '" + datasetProvider.id() + "'", datasetProvider.hyperparameters(),
                    given.getOrDefault("dataset", Map.of()));
            validation = config.holdout().validation();
            patience = config.holdout().patience();
            minDelta = config.holdout().minDelta();
            if (spec != null) {
                spec.checkFits(epochs);
                rehearse(steps.newSchedule());
            }
        }

        /** The options as run.json stores them. */
        Map<String, String> options() {
            return config.options();
        }

        /** A new optimizer for this configuration (a switching one for a spec with {@code @E}). */
        descent.api.optim.Optimizer newOptimizer() {
            String single = spec.switches() ? null : "optimizer";
            return spec.create(id -> {
                String key = single != null ? single : id;
                return ((OptimizerProvider) algorithms.get(key)).create(algorithmHp.get(key));
            });
        }

        /**
         * Shows a throw-away optimizer every epoch's plan before any data is loaded, so that a
         * setting that only fails at a later epoch (a momentum constant c that makes β = 1 − c√α
         * negative once the schedule lowers α, a batch schedule past the run) fails now, in one
         * line, instead of after hours of training. Skipped for schedules that vary within an
         * epoch, whose epoch-start rates are only approximate here.
         */
        private void rehearse(descent.engine.schedule.LearningRateSchedule schedule) {
            if (schedule.variesWithinEpoch()) {
                return;
            }
            descent.api.optim.Optimizer o = newOptimizer();
            o.initialize(1);
            for (int e = 0; e < epochs; e++) {
                o.beforeEpoch(new descent.api.optim.EpochPlan(e, epochs,
                        schedule.rate(descent.engine.schedule.Progress.startOf(e, 0)), batchSize));
            }
        }

        /** The algorithm as checkpoints name it: the trainer's id or the optimizer spec's text. */
        String algorithmId() {
            return config.algorithm().id();
        }

        String algorithmKind() {
            return config.algorithm().kind();
        }

        /** Every hyperparameter, defaults included, by routing key, as {@code run.json} stores them. */
        Map<String, Map<String, String>> hyperparameters() {
            Map<String, Map<String, String>> hyper = new LinkedHashMap<>();
            algorithmHp.forEach((key, hp) -> hyper.put(key, hp.asMap()));
            hyper.put("model", modelHp.asMap());
            hyper.put("dataset", datasetHp.asMap());
            return hyper;
        }
    }

    /** Checks {@code options} (every engine option, defaults filled in) and hyperparameters routed by key. */
    Setup setup(Map<String, String> options, Map<String, Map<String, String>> given) {
        return new Setup(RunConfig.parse(options), given);
    }

    /** Finds the providers of {@code config} and checks the hyperparameters routed to them by key. */
    Setup setup(RunConfig config, Map<String, Map<String, String>> given) {
        return new Setup(config, given);
    }

    /**
     * The providers whose hyperparameters a configuration takes, by routing key: the algorithm
     * ({@code trainer}, {@code optimizer}, or each id of an optimizer switch), {@code model}, {@code dataset}.
     */
    Map<String, Provider> providers(Map<String, String> options) {
        Map<String, Provider> providers = new LinkedHashMap<>(algorithms(options));
        providers.put("model", registry.model(options.get("model")));
        providers.put("dataset", registry.dataset(options.get("dataset")));
        return providers;
    }

    /** {@link #providers(Map)} of a parsed configuration. */
    Map<String, Provider> providers(RunConfig config) {
        Map<String, Provider> providers = new LinkedHashMap<>(algorithms(config.algorithm()));
        providers.put("model", registry.model(config.model().id()));
        providers.put("dataset", registry.dataset(config.data().id()));
        return providers;
    }

    private Map<String, Provider> algorithms(Map<String, String> options) {
        return algorithms(options.containsKey("trainer") ? new RunConfig.Algorithm(null, options.get("trainer"))
                : new RunConfig.Algorithm(OptimizerSpec.parse(options.get("optimizer")), null));
    }

    private Map<String, Provider> algorithms(RunConfig.Algorithm algorithm) {
        Map<String, Provider> map = new LinkedHashMap<>();
        if (algorithm.trainer() != null) {
            map.put("trainer", registry.trainer(algorithm.trainer()));
            return map;
        }
        OptimizerSpec spec = algorithm.optimizer();
        List<OptimizerProvider> resolved = spec.resolve(registry);
        if (!spec.switches()) {
            map.put("optimizer", resolved.get(0));
        } else {
            for (OptimizerProvider p : resolved) {
                map.put(p.id(), p);
            }
        }
        return map;
    }

    private static String describe(String key, Provider p) {
        return switch (key) {
            case "optimizer", "trainer", "model" -> key + " '" + p.id() + "'";
            case "dataset" -> "data set '" + p.id() + "'";
            default -> "optimizer '" + p.id() + "'";
        };
    }

    private static String owner(String key) {
        return switch (key) {
            case "optimizer", "trainer", "model", "dataset" -> "the " + key;
            default -> "optimizer '" + key + "'";
        };
    }

    /**
     * Sends each option to the one provider that declares it ({@code --optimizer.momentum}, or
     * {@code --ID.name} in a switch, to pick one).
     *
     * @param strict whether an option no provider declares is an error; if not, it is left out
     * @throws DescentException for an undeclared option (strict), or one that two providers declare
     */
    static Map<String, Map<String, String>> route(Map<String, String> remaining, Map<String, Provider> providers, boolean strict) {
        Map<String, Map<String, String>> routed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : remaining.entrySet()) {
            String name = e.getKey();
            int dot = name.indexOf('.');
            if (dot > 0 && providers.containsKey(name.substring(0, dot))) {
                routed.computeIfAbsent(name.substring(0, dot), k -> new LinkedHashMap<>()).put(name.substring(dot + 1), e.getValue());
                continue;
            }
            List<String> owners = new ArrayList<>();
            for (Map.Entry<String, Provider> p : providers.entrySet()) {
                if (p.getValue().hyperparameters().stream().map(Hyperparameter::name).anyMatch(name::equals)) {
                    owners.add(p.getKey());
                }
            }
            if (owners.isEmpty()) {
                if (strict) {
                    throw RunOptions.unknown(name, declared(providers));
                }
                continue;
            }
            if (owners.size() > 1) {
                throw new DescentException("option '--" + name + "' is a hyperparameter of both " + owner(owners.get(0)) + " and "
                        + owner(owners.get(1)) + "; write --" + owners.get(0) + "." + name + " or --" + owners.get(1) + "." + name);
            }
            routed.computeIfAbsent(owners.get(0), k -> new LinkedHashMap<>()).put(name, e.getValue());
        }
        return routed;
    }

    /** Every hyperparameter name the providers declare. */
    static Set<String> declared(Map<String, Provider> providers) {
        Set<String> declared = new LinkedHashSet<>();
        providers.values().forEach(p -> p.hyperparameters().forEach(h -> declared.add(h.name())));
        return declared;
    }

    /**
     * Trains in {@code outDir}: from scratch, or from {@code checkpoint} (written by the same
     * configuration) up to the setup's epochs. Lines go to the output stream, each starting with
     * {@code tag} (empty for {@code descent train}).
     *
     * @return the metrics of the epochs trained now
     */
    List<EpochMetrics> run(Setup s, Path outDir, Checkpoint checkpoint, String tag) {
        try (RunFolder folder = RunFolder.lock(outDir)) {
            return run(s, folder, checkpoint, tag, checkpoint == null ? "new" : "resume");
        }
    }

    /** The stream the epoch lines go to. */
    PrintStream out() {
        return out;
    }

    /** The stream warnings go to. */
    PrintStream err() {
        return err;
    }

    /**
     * {@link #run(Setup, Path, Checkpoint, String)} in a folder whose lock the caller holds;
     * {@code start} (new, overwrite, resume, restart) goes into {@code run.json}'s history.
     */
    List<EpochMetrics> run(Setup s, RunFolder folder, Checkpoint checkpoint, String tag, String start) {
        // an explicit --device cpu|cuda that ND4J did not honour stops here, before any training
        DeviceSelection used = device.verify();
        Devices.useThreads(s.threads);
        try (DataCache.Lease lease = lease(s)) {
            return train(s, folder, checkpoint, tag, start, used, lease);
        }
    }

    private List<EpochMetrics> train(Setup s, RunFolder folder, Checkpoint checkpoint, String tag, String start, DeviceSelection used,
            DataCache.Lease lease) {
        Path outDir = folder.dir();
        RunConfig config = s.config.withOut(outDir);
        Map<String, String> options = config.options();
        Dataset data = lease.data();
        Split validation = lease.validation();
        double loadSeconds = lease.seconds();
        descent.engine.Executor.Selection selection = s.executor.apply(
                s.modelProvider.create(new ModelSpec(data.featureShape(), data.classes(), s.seed), s.modelHp));
        Model model = selection.model();
        if (selection.note() != null) {
            out.println((tag.isEmpty() ? "descent: " : tag) + selection.note());
        }

        var schedule = config.steps().newSchedule();
        Training.Builder builder = Training.builder()
                .model(model).data(data).schedule(schedule)
                .gradientTransform(config.clipping().transform())
                .epochs(s.epochs).batchSize(s.batchSize).seed(s.seed)
                .checkpointFile(outDir.resolve(CHECKPOINT));
        if (validation != null) {
            builder.validation(validation, outDir.resolve(BEST));
            if (s.patience > 0) {
                builder.earlyStop(s.patience, s.minDelta);
            }
        }
        if (schedule.observesLoss()) {
            out.println((tag.isEmpty() ? "descent: " : tag) + (validation != null ? "plateau watches the validation loss"
                    : "plateau watches the test loss: there is no --validation split, so the test set tunes the schedule"));
        }
        RunConfig.Outputs outputs = config.outputs();
        if (outputs.checkpointSteps() > 0 || outputs.checkpointSeconds() > 0) {
            builder.checkpointEvery(outputs.checkpointSteps(), outputs.checkpointSeconds());
        }
        RunConfig.Diagnostics d = config.diagnostics();
        if (d.sharpnessSteps() > 0) {
            builder.sharpnessSteps(d.sharpnessSteps(), d.sharpnessIterations());
            builder.hessianTrace(d.hessianTraceSamples());
        } else if (d.sharpnessEpochs() > 0) {
            builder.sharpness(d.sharpnessEpochs(), d.sharpnessIterations());
            builder.hessianTrace(d.hessianTraceSamples());
        }
        if (d.noiseEvery() > 0) {
            builder.gradientNoise(d.noiseEvery(), d.noiseBatches());
        }
        builder.diagnosticsSubset(d.subset());
        if (s.spec == null) {
            builder.trainer(s.algorithmId(), ((TrainerProvider) s.algorithms.get("trainer")).create(s.algorithmHp.get("trainer"),
                    registry.optimizerCatalog()));
        } else {
            builder.optimizer(s.algorithmId(), s.newOptimizer());
        }

        RunRecord.History history = RunRecord.History.start(outDir.resolve(RUN_JSON), start, checkpoint == null ? 0 : checkpoint.epoch());
        Runnable record = () -> RunRecord.write(outDir.resolve(RUN_JSON), options, s.hyperparameters(), model.summary(), data,
                validation == null ? 0 : validation.size(), s.threads, used, RunRecord.executor(s.executor, selection), history);
        record.run();

        // model.zip is the network as a finished run left it: a run that continues removes the old one first
        try {
            Files.deleteIfExists(outDir.resolve(descent.engine.ModelFile.NAME));
        } catch (java.io.IOException e) {
            throw new DescentException("cannot remove the old " + descent.engine.ModelFile.NAME + " in '" + outDir + "': " + e.getMessage());
        }
        int done = checkpoint == null ? 0 : checkpoint.epoch();
        // a checkpoint inside the first epoch comes before any metrics row
        MetricsTable table = checkpoint == null || (done == 0 && !Files.exists(outDir.resolve(METRICS)))
                ? null
                : MetricsTable.resume(outDir.resolve(METRICS), row -> Integer.parseInt(row.cells().get("epoch")) <= done);
        out.printf(Locale.ROOT, "%s%s on %s (%d train / %d test, loaded in %.1f s), %s %s, lr %s, batch %d, %s%n",
                tag.isEmpty() ? "descent: " : tag, model.summary(), data.id(), data.train().size(), data.test().size(), loadSeconds,
                s.algorithmKind(), s.algorithmId(), options.get("lr"), s.batchSize,
                checkpoint == null ? s.epochs + (s.epochs == 1 ? " epoch" : " epochs") : "resuming at epoch " + (done + 1) + " of " + s.epochs);
        String title = s.algorithmId() + ", lr " + options.get("lr")
                + (config.steps().schedule().equals("constant") ? "" : " (" + config.steps().schedule() + ")")
                + ", batch " + BATCH + ", seed " + s.seed + " | " + model.summary() + " on " + data.id();
        Listener listener = new Listener(outDir, table, s.epochs, tag, done, title);
        if (checkpoint != null && Files.exists(outDir.resolve(SHARPNESS))) {
            // rows measured after the checkpoint were lost with the process that measured them; they are measured again
            long upTo = checkpoint.iteration();
            listener.stepTable = MetricsTable.resume(outDir.resolve(SHARPNESS), row -> Long.parseLong(row.cells().get("step")) <= upTo);
        }
        Pause.Clock pauseClock = pause == null ? null : pause.new Clock(done, s.epochs);
        Training training = builder.listener(listener)
                .stopWhen(() -> (stop != null && stop.requested()) || (pauseClock != null && pauseClock.due(listener.epochsDone()))).build();
        List<EpochMetrics> metrics;
        try (StopSignals signals = StopSignals.install()) {
            stop = signals;
            metrics = checkpoint == null ? training.run() : training.resume(checkpoint);
        } catch (descent.engine.StoppedException e) {
            if (stop.received() == null) {
                // --pause-after: a checkpoint at an epoch's end, and a clean exit
                history.end("paused after epoch " + e.epoch() + " (--pause-after " + pause.text() + ")", listener.epochsDone());
                record.run();
                out.printf(Locale.ROOT, "%spaused after epoch %d of %d (--pause-after %s); 'descent train --resume %s' continues the run%n",
                        tag.isEmpty() ? "descent: " : tag, e.epoch(), s.epochs, pause.text(), outDir);
                return List.of();
            }
            history.end("stopped by " + stop.received(), listener.epochsDone());
            record.run();
            throw new Cli.Stopped("stopped by " + stop.received() + " at epoch " + e.epoch() + ", step " + e.step() + "; the checkpoint"
                    + " is in " + e.checkpoint() + "; 'descent train --resume " + outDir + "' continues the run", stop.status());
        } catch (descent.engine.DivergedException e) {
            history.end("diverged", listener.epochsDone());
            record.run();
            throw e;
        } catch (DescentException e) {
            if (checkpoint == null && listener.epochsDone() == 0 && !Files.exists(outDir.resolve(CHECKPOINT))) {
                // The configuration failed before anything was trained (a trainer that does not fit the model, an
                // unknown optimizer in a trainer's hyperparameters): leave the folder as it was, so the corrected
                // command runs in it.
                try {
                    Files.deleteIfExists(outDir.resolve(RUN_JSON));
                } catch (java.io.IOException io) {
                    e.addSuppressed(io);
                }
                throw e;
            }
            history.end("failed: " + e.getMessage().lines().findFirst().orElse(""), listener.epochsDone());
            record.run();
            throw e;
        } catch (RuntimeException | Error e) {
            history.end("failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")),
                    listener.epochsDone());
            record.run();
            throw e;
        }
        if (training.stoppedEarly()) {
            history.end("stopped early", listener.epochsDone());
            record.run();
            out.printf(Locale.ROOT, "%sstopped early after epoch %d: the validation loss has not improved by more than %s for %d epochs;"
                    + " the best epoch, %d (validation loss %.4f), is in %s%n", tag.isEmpty() ? "descent: " : tag, listener.epochsDone(),
                    s.minDelta, s.patience, training.bestEpoch(), training.bestValidationLoss(), outDir.resolve(BEST));
        } else {
            history.end("completed", listener.epochsDone());
            record.run();
        }
        boolean exported = descent.engine.ModelFile.write(model, outDir.resolve(descent.engine.ModelFile.NAME));
        if (tag.isEmpty()) {
            out.println("descent: wrote " + outDir.resolve(METRICS) + ", " + outDir.resolve(PLOT) + ", " + outDir.resolve(CHECKPOINT)
                    + (exported ? ", " + outDir.resolve(descent.engine.ModelFile.NAME) + " (DL4J ModelSerializer)" : ""));
        }
        return metrics;
    }

    /** Where the plot title names the batch size: the one training used (full-batch gd's is the training split), filled in per epoch. */
    private static final String BATCH = "\u0000batch\u0000";

    /** "64", or "64 to 1024" where the batch size changed during the run. */
    static String batches(double[] sizes) {
        double lo = java.util.Arrays.stream(sizes).min().orElse(Double.NaN);
        double hi = java.util.Arrays.stream(sizes).max().orElse(Double.NaN);
        return lo == hi ? String.valueOf((long) lo) : (long) lo + " to " + (long) hi;
    }

    /** Pauses the next run started here after {@code pause} ({@code --pause-after}), or not (null). */
    void pauseAfter(Pause pause) {
        this.pause = pause;
    }

    /** The data set of a configuration as its runs train on it: loaded, scaled, the validation part held out. */
    Dataset data(Setup s) {
        try (DataCache.Lease lease = lease(s)) {
            return lease.data();
        }
    }

    /** A hold on the data set of {@code s}: this JVM's if it has it, else loaded now. */
    private static DataCache.Lease lease(Setup s) {
        return DataCache.acquire(dataKey(s), () -> loadFresh(s));
    }

    /** What makes two configurations' data sets the same: the provider, its folder and hyperparameters, the seed, the scaling, the hold-out. */
    private static String dataKey(Setup s) {
        return s.datasetProvider.id() + "|" + s.config.data().dir() + "|" + s.datasetHp + "|" + s.seed + "|" + s.scaling + "|" + s.validation;
    }

    private static DataCache.Loaded loadFresh(Setup s) {
        long t0 = System.nanoTime();
        Optional<Path> dataDir = Optional.ofNullable(s.config.data().dir());
        Dataset raw = s.datasetProvider.load(new DatasetRequest(dataDir, s.datasetHp, s.seed));
        // Nothing else holds the loaded arrays: scale them in place, so the training set is
        // never in memory twice (188 MB for Fashion-MNIST).
        Dataset data = s.scaling.applyInPlace(raw);
        Split validation = null;
        if (s.validation != null) {
            // held out after scaling, in place: the training rows stay at the front of the arrays
            Validation.Holdout h = Validation.holdOut(data.train(), Validation.count(s.validation, data.train().size()), s.seed);
            data = data.withSplits(h.train(), data.test());
            validation = h.validation();
        }
        return new DataCache.Loaded(data, validation, (System.nanoTime() - t0) / 1e9);
    }

    /** Prints progress and epoch lines, appends metrics rows and redraws the plot after each epoch. */
    private final class Listener implements TrainingListener {
        private final Path outDir;
        private final int epochs;
        private final String tag;
        private final descent.engine.report.Progress progress;
        private MetricsTable table;
        private MetricsTable stepTable;
        private int epochsDone;

        private final String title;

        Listener(Path outDir, MetricsTable table, int epochs, String tag, int done, String title) {
            this.outDir = outDir;
            this.title = title;
            this.table = table;
            this.epochsDone = done;
            this.epochs = epochs;
            this.tag = tag;
            // On a terminal a live bar on stderr; otherwise only the epoch lines on stdout.
            var bar = descent.engine.report.Progress.create(err, descent.engine.report.Progress.Mode.AUTO);
            this.progress = bar.isTerminal() ? bar : null;
        }

        /** The last epoch whose row is in {@code metrics.csv}, 0 before the first. */
        int epochsDone() {
            return epochsDone;
        }

        @Override
        public void epochStarted(EpochPlan plan, int batches) {
            if (progress != null) {
                progress.startEpoch(plan.epoch() + 1, epochs, batches);
            }
        }

        @Override
        public void batchDone(int batch, double loss) {
            if (progress != null) {
                progress.update(batch, loss);
            }
        }

        @Override
        public void sharpnessMeasured(long step, int epoch, Map<String, Double> values) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", step);
            row.put("epoch", epoch);
            row.putAll(values);
            if (stepTable == null) {
                stepTable = MetricsTable.create(outDir.resolve(SHARPNESS), new ArrayList<>(row.keySet()));
            }
            stepTable.append(row);
        }

        @Override
        public void epochDone(EpochMetrics m) {
            if (progress != null) {
                progress.endEpoch("");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_loss", m.trainLoss());
            row.put("test_loss", m.testLoss());
            row.put("test_accuracy", m.testAccuracy());
            if (m.hasValidation()) {
                row.put("validation_loss", m.validationLoss());
                row.put("validation_accuracy", m.validationAccuracy());
            }
            row.put("lr", m.learningRate());
            row.put("momentum", m.momentum());
            row.put("batch_size", m.batchSize());
            row.put("gradient_evaluations", m.gradientEvaluations());
            row.put("epoch_seconds", m.epochSeconds());
            row.putAll(m.diagnostics());
            if (table == null) {
                table = MetricsTable.create(outDir.resolve(METRICS), new ArrayList<>(row.keySet()));
            }
            table.append(row);
            epochsDone = m.epoch();
            Plots.trainingCurves(table, outDir.resolve(PLOT), title.replace(BATCH, batches(table.column("batch_size"))));
            Double sharpness = m.diagnostics().get("sharpness");
            Double noiseScale = m.diagnostics().get("noise_scale");
            out.printf(Locale.ROOT, "%sepoch %d/%d  train loss %.4f  %stest loss %.4f  test accuracy %.4f  lr %.4g  batch %d  %.1f s%s%s%n",
                    tag, m.epoch(), epochs, m.trainLoss(), m.hasValidation() ? String.format(Locale.ROOT,
                            "validation loss %.4f  validation accuracy %.4f  ", m.validationLoss(), m.validationAccuracy()) : "",
                    m.testLoss(), m.testAccuracy(), m.learningRate(), m.batchSize(), m.epochSeconds(),
                    sharpness != null && Double.isFinite(sharpness) ? String.format(Locale.ROOT, "  sharpness %.4g (lr*sharpness/bound %.3f)",
                            sharpness, m.diagnostics().get("stability_ratio")) : "",
                    noiseScale != null && Double.isFinite(noiseScale) ? String.format(Locale.ROOT, "  noise scale B_simple %.4g (batch noise %.4g)",
                            noiseScale, m.diagnostics().get("gradient_noise")) : "");
        }
    }
}
