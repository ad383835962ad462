package descent.app.internal;

import descent.api.DescentException;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
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
        Map<String, String> options;
        Map<String, Map<String, String>> given;
        Path outDir;
        Checkpoint checkpoint = null;
        if (resume != null) {
            outDir = Path.of(resume);
            RunRecord saved = RunRecord.read(outDir.resolve(TrainRunner.RUN_JSON));
            checkpoint = CheckpointFile.read(outDir.resolve(TrainRunner.CHECKPOINT));
            options = new LinkedHashMap<>(saved.options());
            given = saved.hyperparameters();
            for (String fixed : RunOptions.FIXED_ON_RESUME) {
                if (args.has(fixed)) {
                    throw new DescentException("--" + fixed + " cannot change on --resume (the run in '" + resume
                            + "' used " + options.get(fixed) + "); start a new run with --out instead");
                }
            }
            // run.json of a release before --executor has none: those runs ran on DL4J
            options.putIfAbsent("executor", "dl4j");
            for (String free : List.of("epochs", "threads", "plugins", "executor")) {
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
            String name = options.containsKey("trainer") ? options.get("trainer")
                    : descent.engine.OptimizerSpec.parse(options.get("optimizer")).label();
            outDir = Path.of(options.getOrDefault("out", "runs/" + name
                    + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            options.put("out", outDir.toString());
            given = TrainRunner.route(args.remaining(), runner.providers(options), true);
        }
        TrainRunner.Setup setup = runner.setup(options, given);
        runner.run(setup, outDir, checkpoint, "");
        return 0;
    }
}
