package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.DescentException;
import descent.engine.OptimizerSpec;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code descent compare}: trains every arm (an optimizer, a switch such as
 * {@code sgd,adams-pece@20}, or a preset's arm with its own settings) from the same N
 * initialisations (init i uses seed {@code --seed + i}, so for one init every arm starts from the
 * same weights and sees the data in the same order), then writes per-epoch means and standard
 * deviations over inits: {@code summary.csv}, {@code summary.md} and one PNG per metric.
 *
 * <p>Each run is an ordinary {@code descent train} run in {@code OUT/<arm>/init-<i>/}, made by
 * {@link TrainRunner}, planned as a {@link Sweep}, trained by a {@link SweepExecutor} and summarised by
 * {@link SweepReport}; running the same command again skips the finished runs and resumes the
 * interrupted ones from their checkpoints, so an interrupted comparison loses at most one epoch
 * per run. Runs go init by init, every arm of init 0 first, so a partial comparison is balanced.
 */
final class CompareCommand {

    static final int DEFAULT_INITS = 5;

    private final TrainRunner runner;
    private final java.io.PrintStream out;
    private final SweepExecutor executor;

    @Inject
    CompareCommand(TrainRunner runner, @Named("out") java.io.PrintStream out) {
        this.runner = runner;
        this.out = out;
        this.executor = new SweepExecutor.Local(runner, out);
    }

    int run(Args args) {
        String presetName = args.take("preset", null);
        String optimizers = args.take("optimizers", null);
        for (String wrong : List.of("optimizer", "trainer", "resume")) {
            if (args.has(wrong)) {
                throw new DescentException("--" + wrong + " is not a compare option: "
                        + (wrong.equals("resume") ? "run the same compare command again to resume it"
                                : "list the arms with --optimizers (e.g. --optimizers \"sgd;sgd,adams-pece@20\") or use a --preset"));
            }
        }
        if (presetName != null && optimizers != null) {
            throw new DescentException("give --preset or --optimizers, not both: a preset names its own arms");
        }
        if (presetName == null && optimizers == null) {
            throw new DescentException("compare needs --optimizers LIST (e.g. --optimizers sgd,momentum) or --preset NAME; known presets: "
                    + String.join(", ", Presets.names()));
        }
        Presets.Preset preset = presetName != null ? Presets.load(presetName) : adHoc(optimizers);
        int inits = args.has("inits") ? args.takeInt("inits", 1, 1) : preset.inits();
        String outText = args.take("out", null);
        Path outDir = Path.of(outText != null ? outText : "runs/compare-" + preset.name());
        Map<String, String> cliOptions = new LinkedHashMap<>();
        for (String[] o : RunOptions.OPTIONS) {
            if (args.has(o[0])) {
                cliOptions.put(o[0], args.take(o[0], null));
            }
        }
        String armsText = args.take("arms", null);
        String spark = args.take("spark", null);
        if (spark != null && spark.isBlank()) {
            throw new DescentException("--spark takes a master URL (spark://host:7077, yarn, k8s://..., local[N]) or nothing (local[*]),"
                    + " got an empty one");
        }
        String chunkText = args.take("spark-chunk", null);
        if (chunkText != null && spark == null) {
            throw new DescentException("--spark-chunk " + chunkText + " sets the parts Spark trains a run in; it needs --spark [MASTER]");
        }
        Pause chunk = Pause.parse("spark-chunk", chunkText == null ? SweepExecutor.Spark.DEFAULT_CHUNK : chunkText);
        boolean reportOnly = args.flag("report");
        if (args.flag("overwrite")) {
            throw new DescentException("compare does not take --overwrite: running it again resumes the comparison in its --out;"
                    + " to start again, delete that folder or give another --out");
        }
        Map<String, String> cliHyper = args.remaining();

        Sweep sweep = Sweep.plan(runner, preset, inits, outDir, cliOptions, cliHyper);
        List<Sweep.Arm> arms = sweep.arms();
        Set<Integer> selected = selectArms(armsText, arms);
        List<Sweep.Run> runs = sweep.runs();
        // every folder is looked at before anything trains: a folder of another configuration stops the comparison now
        List<Sweep.State> states = runs.stream().map(r -> Sweep.status(r).state()).toList();
        long done = states.stream().filter(s -> s == Sweep.State.DONE).count();
        long resume = states.stream().filter(s -> s == Sweep.State.RESUME).count();
        TrainRunner.Setup first = sweep.first();
        out.printf(Locale.ROOT, "compare: %s, %d arm%s x %d init%s (seeds %d to %d), %d epochs, in %s: %d done, %d to resume, %d to train%s%n",
                preset.name(), arms.size(), arms.size() == 1 ? "" : "s", inits, inits == 1 ? "" : "s", first.seed, first.seed + inits - 1,
                first.epochs, outDir, done, resume, runs.size() - done - resume,
                reportOnly ? " (--report: nothing trains; the summary covers the epochs every run has finished)" : "");
        sweep.writeRecord();

        List<Sweep.Run> mine = reportOnly ? List.of() : runs.stream().filter(r -> selected.contains(r.arm())).toList();
        if (!reportOnly && mine.size() < runs.size()) {
            out.println("compare: --arms " + armsText + ": training " + mine.size() + " of the " + runs.size() + " runs");
        }
        (spark == null ? executor : new SweepExecutor.Spark(spark.strip(), chunk, out)).execute(sweep, mine);

        if (!reportOnly && mine.size() < runs.size()) {
            Set<String> pending = new LinkedHashSet<>();
            for (Sweep.Run run : runs) {
                Sweep.State now = Sweep.status(run).state();
                if (now == Sweep.State.TRAIN || now == Sweep.State.RESUME) {
                    pending.add(sweep.label(run));
                }
            }
            if (!pending.isEmpty()) {
                out.println("compare: no summary yet: arm" + (pending.size() == 1 ? " " : "s ") + String.join(", ", pending)
                        + " still to train; run the same command with --arms for " + (pending.size() == 1 ? "it" : "them")
                        + ", or without --arms, and the last run writes the summary");
                return 0;
            }
        }
        SweepReport.write(sweep, reportOnly ? SweepReport.epochsDoneByAll(sweep) : first.epochs, out);
        return 0;
    }

    /**
     * The arms {@code --arms} names (labels, comma-separated), all when it is absent. Runs of
     * different arms write to different folders, so one comparison can be split over processes or
     * machines that share {@code --out}: each trains its arms, and whichever finds every run done
     * writes the summary.
     */
    static Set<Integer> selectArms(String text, List<Sweep.Arm> arms) {
        Set<Integer> selected = new LinkedHashSet<>();
        if (text == null) {
            for (int a = 0; a < arms.size(); a++) {
                selected.add(a);
            }
            return selected;
        }
        List<String> labels = arms.stream().map(Sweep.Arm::label).toList();
        for (String token : text.split(",", -1)) {
            String label = token.strip();
            int index = labels.indexOf(label);
            if (index < 0) {
                throw new DescentException("--arms names '" + label + "', which is not an arm of this comparison; its arms: "
                        + String.join(", ", labels));
            }
            selected.add(index);
        }
        return selected;
    }

    /**
     * The arms of {@code --optimizers}: separated by {@code ;}, or by a comma before an entry
     * without {@code @} (an entry {@code ID@E} continues the arm before it as an optimizer switch),
     * so {@code sgd,momentum,sgd,adams-pece@20} is three arms: sgd, momentum, and sgd then adams-pece.
     */
    static List<String> splitArms(String text) {
        List<String> arms = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            StringBuilder current = null;
            for (String token : part.split(",", -1)) {
                String t = token.strip();
                if (t.isEmpty()) {
                    throw new DescentException("malformed --optimizers '" + text + "': an empty entry; separate arms by commas"
                            + " (sgd,momentum) or semicolons (\"sgd;sgd,adams-pece@20\")");
                }
                if (t.contains("@")) {
                    if (current == null) {
                        throw new DescentException("malformed --optimizers '" + text + "': '" + t
                                + "' switches to an optimizer, but no optimizer comes before it in its arm");
                    }
                    current.append(',').append(t);
                } else {
                    if (current != null) {
                        arms.add(current.toString());
                    }
                    current = new StringBuilder(t);
                }
            }
            arms.add(Objects.requireNonNull(current).toString());
        }
        return arms;
    }

    private static Presets.Preset adHoc(String text) {
        List<Presets.Arm> arms = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (String spec : splitArms(text)) {
            OptimizerSpec parsed = OptimizerSpec.parse(spec);
            if (!labels.add(parsed.label())) {
                throw new DescentException("--optimizers '" + text + "' lists '" + parsed.text() + "' twice");
            }
            Map<String, String> options = new LinkedHashMap<>();
            options.put("optimizer", parsed.text());
            arms.add(new Presets.Arm(parsed.label(), options));
        }
        return new Presets.Preset(String.join("-vs-", labels), String.join(" vs ", labels), DEFAULT_INITS, null, null, Map.of(), arms);
    }
}
