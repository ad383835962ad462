package descent.app.internal;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.EpochPlan;
import descent.api.optim.OptimizerProvider;
import descent.api.train.TrainerProvider;
import descent.engine.EpochMetrics;
import descent.engine.Training;
import descent.engine.TrainingListener;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;

import descent.engine.plugins.Registry;
import descent.engine.report.Json;
import descent.engine.report.MetricsTable;
import descent.engine.schedule.GradientTransform;
import descent.engine.schedule.Schedules;
import com.google.inject.name.Named;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code descent train}: resolves the providers, loads and scales the data, builds the model and
 * the optimizer (or trainer), trains, and writes {@code run.json}, {@code metrics.csv},
 * {@code plot.png} and {@code checkpoint.zip} into the output directory.
 */
final class TrainCommand {

    static final String RUN_JSON = "run.json";
    static final String METRICS = "metrics.csv";
    static final String PLOT = "plot.png";
    static final String CHECKPOINT = "checkpoint.zip";
    static final List<String> COLUMNS = List.of("epoch", "train_loss", "test_loss", "test_accuracy", "lr", "momentum",
            "batch_size", "gradient_evaluations", "epoch_seconds");

    private final Registry registry;
    private final PrintStream out;
    private final PrintStream err;

    @Inject
    TrainCommand(Registry registry, @Named("out") PrintStream out, @Named("err") PrintStream err) {
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    int run(Args args) {
        String resume = args.take("resume", null);
        Map<String, String> options;
        Map<String, Map<String, String>> savedHyper = Map.of();
        Path outDir;
        Checkpoint checkpoint = null;
        if (resume != null) {
            outDir = Path.of(resume);
            RunRecord saved = RunRecord.read(outDir.resolve(RUN_JSON));
            checkpoint = CheckpointFile.read(outDir.resolve(CHECKPOINT));
            options = new LinkedHashMap<>(saved.options());
            savedHyper = saved.hyperparameters();
            for (String fixed : RunOptions.FIXED_ON_RESUME) {
                if (args.has(fixed)) {
                    throw new DescentException("--" + fixed + " cannot change on --resume (the run in '" + resume
                            + "' used " + options.get(fixed) + "); start a new run with --out instead");
                }
            }
            for (String free : List.of("epochs", "threads", "plugins")) {
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
        } else {
            options = RunOptions.take(args);
            outDir = Path.of(options.getOrDefault("out", "runs/" + options.getOrDefault("optimizer", options.get("trainer"))
                    + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            options.put("out", outDir.toString());
        }

        int epochs = intOption(options, "epochs", 1);
        int batchSize = intOption(options, "batch-size", 1);
        long seed = longOption(options, "seed");
        int threads = intOption(options, "threads", 1);
        double lr = realOption(options, "lr", true);
        Scaling scaling = scaling(options.get("scaling"));
        Devices.useThreads(threads);

        DatasetProvider datasetProvider = registry.dataset(options.get("dataset"));
        ModelProvider modelProvider = registry.model(options.get("model"));
        boolean useTrainer = options.containsKey("trainer");
        Provider algorithm = useTrainer ? registry.trainer(options.get("trainer")) : registry.optimizer(options.get("optimizer"));

        Map<String, Map<String, String>> given = resume != null ? savedHyper
                : route(args.remaining(), Map.of(useTrainer ? "trainer" : "optimizer", algorithm, "model", modelProvider,
                        "dataset", datasetProvider));
        String algorithmKind = useTrainer ? "trainer" : "optimizer";
        Hyperparameters algorithmHp = Hyperparameters.of(algorithmKind + " '" + algorithm.id() + "'", algorithm.hyperparameters(),
                given.getOrDefault(algorithmKind, Map.of()));
        Hyperparameters modelHp = Hyperparameters.of("model '" + modelProvider.id() + "'", modelProvider.hyperparameters(),
                given.getOrDefault("model", Map.of()));
        Hyperparameters datasetHp = Hyperparameters.of("data set '" + datasetProvider.id() + "'", datasetProvider.hyperparameters(),
                given.getOrDefault("dataset", Map.of()));

        var schedule = Schedules.parse(options.get("schedule"), lr, epochs);
        GradientTransform transform = GradientTransform.fromFlags(
                options.get("clip-value"), options.get("clip-norm"), options.get("weight-decay"));

        Optional<Path> dataDir = Optional.ofNullable(options.get("data-dir")).map(Path::of);
        long t0 = System.nanoTime();
        Dataset raw = datasetProvider.load(new DatasetRequest(dataDir, datasetHp, seed));
        Dataset data = scaling.apply(raw);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        Model model = modelProvider.create(new ModelSpec(data.featureShape(), data.classes(), seed), modelHp);

        Training.Builder builder = Training.builder()
                .model(model).data(data).schedule(schedule).gradientTransform(transform)
                .epochs(epochs).batchSize(batchSize).seed(seed)
                .checkpointFile(outDir.resolve(CHECKPOINT));
        if (useTrainer) {
            builder.trainer(algorithm.id(), ((TrainerProvider) algorithm).create(algorithmHp));
        } else {
            builder.optimizer(algorithm.id(), ((OptimizerProvider) algorithm).create(algorithmHp));
        }

        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new DescentException("cannot create output directory '" + outDir + "': " + e.getMessage());
        }
        Map<String, Map<String, String>> hyper = new LinkedHashMap<>();
        hyper.put(algorithmKind, algorithmHp.asMap());
        hyper.put("model", modelHp.asMap());
        hyper.put("dataset", datasetHp.asMap());
        RunRecord.write(outDir.resolve(RUN_JSON), options, hyper, model.summary(), data, threads);

        int done = checkpoint == null ? 0 : checkpoint.epoch();
        MetricsTable table = checkpoint == null
                ? null
                : MetricsTable.resume(outDir.resolve(METRICS), row -> Integer.parseInt(row.cells().get("epoch")) <= done);
        out.printf(Locale.ROOT, "descent: %s on %s (%d train / %d test, loaded in %.1f s), %s %s, lr %s, batch %d, %s%n",
                model.summary(), data.id(), data.train().size(), data.test().size(), loadSeconds, algorithmKind, algorithm.id(),
                options.get("lr"), batchSize, checkpoint == null ? epochs + (epochs == 1 ? " epoch" : " epochs") : "resuming at epoch " + (done + 1) + " of " + epochs);
        Listener listener = new Listener(outDir, table, epochs);
        Training training = builder.listener(listener).build();
        if (checkpoint == null) {
            training.run();
        } else {
            training.resume(checkpoint);
        }
        out.println("descent: wrote " + outDir.resolve(METRICS) + ", " + outDir.resolve(PLOT) + ", " + outDir.resolve(CHECKPOINT));
        return 0;
    }

    /** Sends each remaining option to the one provider that declares it ({@code --optimizer.momentum} to pick). */
    static Map<String, Map<String, String>> route(Map<String, String> remaining, Map<String, Provider> providers) {
        Map<String, Map<String, String>> routed = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        providers.values().forEach(p -> p.hyperparameters().forEach(h -> declared.add(h.name())));
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
                throw RunOptions.unknown(name, declared);
            }
            if (owners.size() > 1) {
                throw new DescentException("option '--" + name + "' is a hyperparameter of both the " + owners.get(0) + " and the "
                        + owners.get(1) + "; write --" + owners.get(0) + "." + name + " or --" + owners.get(1) + "." + name);
            }
            routed.computeIfAbsent(owners.get(0), k -> new LinkedHashMap<>()).put(name, e.getValue());
        }
        return routed;
    }

    private static Scaling scaling(String s) {
        return switch (s) {
            case "unit" -> Scaling.UNIT;
            case "standardize" -> Scaling.STANDARDIZE;
            case "none" -> Scaling.NONE;
            default -> throw new DescentException("unknown scaling '" + s + "'; known: unit, standardize, none");
        };
    }

    private static int intOption(Map<String, String> o, String name, int min) {
        String v = o.get(name);
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= min) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DescentException("--" + name + " must be an integer >= " + min + ", got '" + v + "'");
    }

    private static long longOption(Map<String, String> o, String name) {
        String v = o.get(name);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DescentException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    private static double realOption(Map<String, String> o, String name, boolean strict) {
        String v = o.get(name);
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if ((strict ? !(d > 0) : !(d >= 0)) || Double.isInfinite(d)) {
            throw new DescentException("--" + name + " must be a number " + (strict ? "> 0" : ">= 0") + ", got '" + v + "'");
        }
        return d;
    }

    /** Prints progress and epoch lines, appends metrics rows and redraws the plot after each epoch. */
    private final class Listener implements TrainingListener {
        private final Path outDir;
        private final int epochs;
        private final descent.engine.report.Progress progress;
        private MetricsTable table;

        Listener(Path outDir, MetricsTable table, int epochs) {
            this.outDir = outDir;
            this.table = table;
            this.epochs = epochs;
            // On a terminal a live bar on stderr; otherwise only the epoch lines on stdout.
            var bar = descent.engine.report.Progress.create(err, descent.engine.report.Progress.Mode.AUTO);
            this.progress = bar.isTerminal() ? bar : null;
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
        public void epochDone(EpochMetrics m) {
            if (progress != null) {
                progress.endEpoch("");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_loss", m.trainLoss());
            row.put("test_loss", m.testLoss());
            row.put("test_accuracy", m.testAccuracy());
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
            Plots.trainingCurves(table, outDir.resolve(PLOT));
            out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  test loss %.4f  test accuracy %.4f  lr %.4g  batch %d  %.1f s%n",
                    m.epoch(), epochs, m.trainLoss(), m.testLoss(), m.testAccuracy(), m.learningRate(), m.batchSize(), m.epochSeconds());
        }
    }
}
