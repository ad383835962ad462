package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.DescentException;
import descent.api.Provider;
import descent.engine.DivergedException;
import descent.engine.OptimizerSpec;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.report.AtomicFiles;
import descent.engine.report.Comparison;
import descent.engine.report.JsonFiles;
import descent.engine.report.MetricsTable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * {@link TrainRunner}; running the same command again skips the finished runs and resumes the
 * interrupted ones from their checkpoints, so an interrupted comparison loses at most one epoch
 * per run. Runs go init by init, every arm of init 0 first, so a partial comparison is balanced.
 */
final class CompareCommand {

    static final int DEFAULT_INITS = 5;

    private final TrainRunner runner;
    private final java.io.PrintStream out;

    @Inject
    CompareCommand(TrainRunner runner, @Named("out") java.io.PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    /** Written in a run's folder when it diverged; a later compare skips the run. */
    static final String DIVERGED = "diverged.txt";

    private enum State { TRAIN, RESUME, DONE, DIVERGED }

    /** One run of the comparison and what is to be done with it. */
    private record Job(int arm, int init, TrainRunner.Setup setup, Path dir, State state, Checkpoint checkpoint, String note) {
    }

    /** An arm, resolved: its label, what it sets itself, and the setup of init 0. */
    private record ArmPlan(String label, Map<String, String> ownSettings, List<TrainRunner.Setup> setups) {
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
        boolean reportOnly = args.flag("report");
        if (args.flag("overwrite")) {
            throw new DescentException("compare does not take --overwrite: running it again resumes the comparison in its --out;"
                    + " to start again, delete that folder or give another --out");
        }
        Map<String, String> cliHyper = args.remaining();

        List<ArmPlan> arms = plan(preset, inits, cliOptions, cliHyper);
        Set<Integer> selected = selectArms(armsText, arms);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < inits; i++) {
            for (int a = 0; a < arms.size(); a++) {
                jobs.add(job(a, i, arms.get(a).setups().get(i), outDir.resolve(arms.get(a).label()).resolve("init-" + i)));
            }
        }
        long done = jobs.stream().filter(j -> j.state() == State.DONE).count();
        long resume = jobs.stream().filter(j -> j.state() == State.RESUME).count();
        TrainRunner.Setup first = arms.get(0).setups().get(0);
        out.printf(Locale.ROOT, "compare: %s, %d arm%s x %d init%s (seeds %d to %d), %d epochs, in %s: %d done, %d to resume, %d to train%n",
                preset.name(), arms.size(), arms.size() == 1 ? "" : "s", inits, inits == 1 ? "" : "s", first.seed, first.seed + inits - 1,
                first.epochs, outDir, done, resume, jobs.size() - done - resume);
        writeRecord(outDir, preset, inits, arms);

        List<Job> mine = reportOnly ? List.of() : jobs.stream().filter(j -> selected.contains(j.arm())).toList();
        if (!reportOnly && mine.size() < jobs.size()) {
            out.println("compare: --arms " + armsText + ": training " + mine.size() + " of the " + jobs.size() + " runs");
        }
        int count = 0;
        for (Job job : mine) {
            count++;
            String label = arms.get(job.arm()).label();
            String tag = String.format(Locale.ROOT, "[%d/%d %s, init %d/%d] ", count, mine.size(), label, job.init() + 1, inits);
            if (job.note() != null) {
                out.println(tag + job.note());
            }
            if (job.state() == State.DONE) {
                out.println(tag + "done already (" + job.dir().resolve(TrainRunner.METRICS) + ")");
                continue;
            }
            if (job.state() == State.DIVERGED) {
                out.println(tag + "diverged before: " + readMarker(job.dir().resolve(DIVERGED))
                        + " (delete " + job.dir().resolve(DIVERGED) + " to train it again)");
                continue;
            }
            try {
                runner.run(job.setup(), job.dir(), job.checkpoint(), tag);
            } catch (DivergedException e) {
                // One arm diverging is a result of the comparison, not the end of it.
                AtomicFiles.writeString(job.dir().resolve(DIVERGED), e.getMessage() + "\n");
                out.println(tag + e.getMessage() + "; recorded in " + job.dir().resolve(DIVERGED) + ", going on with the other runs");
            }
        }

        if (!reportOnly && mine.size() < jobs.size()) {
            Set<String> pending = new LinkedHashSet<>();
            for (Job job : jobs) {
                State now = job(job.arm(), job.init(), job.setup(), job.dir()).state();
                if (now == State.TRAIN || now == State.RESUME) {
                    pending.add(arms.get(job.arm()).label());
                }
            }
            if (!pending.isEmpty()) {
                out.println("compare: no summary yet: arm" + (pending.size() == 1 ? " " : "s ") + String.join(", ", pending)
                        + " still to train; run the same command with --arms for " + (pending.size() == 1 ? "it" : "them")
                        + ", or without --arms, and the last run writes the summary");
                return 0;
            }
        }

        int epochs = reportOnly ? epochsDoneByAll(jobs, arms) : first.epochs;
        List<Comparison.Arm> results = new ArrayList<>();
        List<String> divergences = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) {
            List<MetricsTable> tables = new ArrayList<>();
            List<Integer> initsOfTables = new ArrayList<>();
            for (Job job : jobs) {
                if (job.arm() != a) {
                    continue;
                }
                Path marker = job.dir().resolve(DIVERGED);
                if (Files.isRegularFile(marker)) {
                    divergences.add(arms.get(a).label() + ", init " + (job.init() + 1) + ": " + readMarker(marker));
                } else {
                    tables.add(MetricsTable.read(job.dir().resolve(TrainRunner.METRICS)));
                    initsOfTables.add(job.init());
                }
            }
            if (tables.isEmpty()) {
                out.println("compare: every run of arm '" + arms.get(a).label() + "' diverged; it is left out of the summary");
            } else {
                results.add(new Comparison.Arm(arms.get(a).label(), tables, initsOfTables));
            }
        }
        if (results.isEmpty()) {
            throw new DescentException("every run of every arm diverged (" + String.join("; ", divergences)
                    + "); lower the learning rates");
        }
        List<String> notes = new ArrayList<>();
        if (epochs < first.epochs) {
            notes.add(String.format(Locale.ROOT, "**Partial**: every run has finished epoch %d of %d, and this summary covers"
                    + " epochs 1 to %d (`descent compare --report`); the same command without --report goes on with the runs.",
                    epochs, first.epochs, epochs));
        }
        notes.addAll(notes(preset, inits, arms));
        if (!divergences.isEmpty()) {
            notes.add("Diverged, left out of the means (" + divergences.size() + " run" + (divergences.size() == 1 ? "" : "s") + "):\n- "
                    + String.join("\n- ", divergences));
        }
        Comparison comparison = Comparison.of(results, epochs);
        comparison.writeCsv(outDir.resolve("summary.csv"));
        String baseline = preset.baseline() != null && comparison.labels().contains(preset.baseline()) ? preset.baseline() : null;
        comparison.writeMarkdown(outDir.resolve("summary.md"), preset.description(), notes, baseline);
        comparison.writePlots(outDir);
        out.printf(Locale.ROOT, "compare: after epoch %d, mean over %d init%s:%n", epochs, inits, inits == 1 ? "" : "s");
        for (String arm : comparison.labels()) {
            out.printf(Locale.ROOT, "  %-24s train loss %s  test loss %s  test accuracy %s%n", arm,
                    plusMinus(comparison.stat(arm, "train_loss", epochs)), plusMinus(comparison.stat(arm, "test_loss", epochs)),
                    plusMinus(comparison.stat(arm, "test_accuracy", epochs)));
        }
        divergences.forEach(d -> out.println("  diverged: " + d));
        out.println("compare: wrote " + outDir.resolve("summary.csv") + ", " + outDir.resolve("summary.md") + " and "
                + String.join(", ", Comparison.METRICS.stream().map(m -> m + ".png").toList()) + " in " + outDir);
        return 0;
    }

    /**
     * For {@code --report}: the last epoch that every run (but the diverged ones) has finished,
     * read from the runs' metrics.
     */
    private static int epochsDoneByAll(List<Job> jobs, List<ArmPlan> arms) {
        int done = Integer.MAX_VALUE;
        String slowest = null;
        for (Job job : jobs) {
            if (Files.isRegularFile(job.dir().resolve(DIVERGED))) {
                continue;
            }
            int epochs = epochsRecorded(job.dir());
            if (epochs < done) {
                done = epochs;
                slowest = arms.get(job.arm()).label() + ", init " + (job.init() + 1);
            }
        }
        if (slowest == null) {
            return 1; // every run diverged: the caller says so
        }
        if (done == 0) {
            throw new DescentException("--report: run " + slowest + " has not finished an epoch yet, so no epoch can be summarised;"
                    + " run the comparison first (the same command without --report)");
        }
        return done;
    }

    /** How many epochs, 1, 2, ... without a gap, the metrics.csv in {@code dir} has rows for; 0 without one. */
    private static int epochsRecorded(Path dir) {
        Path metrics = dir.resolve(TrainRunner.METRICS);
        if (!Files.isRegularFile(metrics)) {
            return 0;
        }
        Set<Integer> rows = new LinkedHashSet<>();
        for (MetricsTable.Row row : MetricsTable.read(metrics).rows()) {
            rows.add((int) row.number("epoch"));
        }
        int epochs = 0;
        while (rows.contains(epochs + 1)) {
            epochs++;
        }
        return epochs;
    }

    /**
     * The arms {@code --arms} names (labels, comma-separated), all when it is absent. Runs of
     * different arms write to different folders, so one comparison can be split over processes or
     * machines that share {@code --out}: each trains its arms, and whichever finds every run done
     * writes the summary.
     */
    static Set<Integer> selectArms(String text, List<ArmPlan> arms) {
        Set<Integer> selected = new LinkedHashSet<>();
        if (text == null) {
            for (int a = 0; a < arms.size(); a++) {
                selected.add(a);
            }
            return selected;
        }
        List<String> labels = arms.stream().map(ArmPlan::label).toList();
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

    private static String readMarker(Path marker) {
        try {
            return Files.readString(marker).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
    }

    private static String plusMinus(Comparison.Stat s) {
        return Double.isNaN(s.sd()) ? String.format(Locale.ROOT, "%.4f", s.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.sd());
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

    /** Layers defaults, the preset, the arm and the command line; checks every run's configuration before any trains. */
    private List<ArmPlan> plan(Presets.Preset preset, int inits, Map<String, String> cliOptions, Map<String, String> cliHyper) {
        Map<String, String> commonOptions = new LinkedHashMap<>();
        Map<String, String> commonHyper = new LinkedHashMap<>();
        split(preset.common(), commonOptions, commonHyper);
        List<ArmPlan> plans = new ArrayList<>();
        Set<String> sharedUsed = new LinkedHashSet<>();
        Set<String> declaredAnywhere = new LinkedHashSet<>();
        Map<String, String> shared = new LinkedHashMap<>(commonHyper);
        // below the preset's settings: a DESCENT_* variable is a default, a preset names an experiment
        Map<String, String> environment = RunOptions.environment(System.getenv(), w -> runner.err().println("descent: warning: " + w));
        environment.remove("optimizer");
        environment.remove("trainer");
        for (Presets.Arm arm : preset.arms()) {
            Map<String, String> armOptions = new LinkedHashMap<>();
            Map<String, String> armHyper = new LinkedHashMap<>();
            split(arm.options(), armOptions, armHyper);
            Map<String, String> options = new LinkedHashMap<>();
            for (String[] o : RunOptions.OPTIONS) {
                if (o[1] != null) {
                    options.put(o[0], o[1]);
                }
            }
            options.putAll(environment);
            options.putAll(commonOptions);
            options.putAll(armOptions);
            options.putAll(cliOptions);
            boolean trainer = armOptions.containsKey("trainer") || (!armOptions.containsKey("optimizer") && commonOptions.containsKey("trainer"));
            options.remove(trainer ? "optimizer" : "trainer");
            options.remove("out");
            options.remove("resume");
            if (options.containsKey("early-stop")) {
                throw new DescentException("compare does not take --early-stop: its summary compares every run at every epoch, so the"
                        + " runs must all train their epochs; use --validation alone, whose best epoch the summary reports");
            }

            Map<String, String> sharedHyper = new LinkedHashMap<>(commonHyper);
            sharedHyper.keySet().removeAll(armHyper.keySet());
            sharedHyper.putAll(cliHyper);
            armHyper.keySet().removeAll(cliHyper.keySet());
            shared.putAll(cliHyper);

            Map<String, Provider> providers = runner.providers(options);
            Set<String> declared = TrainRunner.declared(providers);
            declaredAnywhere.addAll(declared);
            Map<String, Map<String, String>> routed = TrainRunner.route(armHyper, providers, true);
            TrainRunner.route(sharedHyper, providers, false).forEach((key, values) ->
                    routed.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(values));
            for (String name : sharedHyper.keySet()) {
                int dot = name.indexOf('.');
                if (declared.contains(name) || (dot > 0 && providers.containsKey(name.substring(0, dot)))) {
                    sharedUsed.add(name);
                }
            }
            long seed;
            try {
                seed = Long.parseLong(options.get("seed").strip());
            } catch (NumberFormatException e) {
                throw new DescentException("--seed must be an integer, got '" + options.get("seed") + "'");
            }
            List<TrainRunner.Setup> setups = new ArrayList<>();
            for (int i = 0; i < inits; i++) {
                Map<String, String> o = new LinkedHashMap<>(options);
                o.put("seed", Long.toString(seed + i));
                setups.add(runner.setup(o, routed));
            }
            Map<String, String> own = new LinkedHashMap<>(arm.options());
            plans.add(new ArmPlan(arm.label(), own, setups));
        }
        for (String name : shared.keySet()) {
            if (!sharedUsed.contains(name)) {
                throw RunOptions.unknown(name, declaredAnywhere);
            }
        }
        return plans;
    }

    private static void split(Map<String, String> settings, Map<String, String> options, Map<String, String> hyper) {
        settings.forEach((k, v) -> (RunOptions.isOption(k) ? options : hyper).put(k, v));
    }

    /** What to do with the run in {@code dir}: train it, resume it from its checkpoint, or nothing. */
    private Job job(int arm, int init, TrainRunner.Setup setup, Path dir) {
        Path record = dir.resolve(TrainRunner.RUN_JSON);
        Path checkpointFile = dir.resolve(TrainRunner.CHECKPOINT);
        boolean diverged = Files.isRegularFile(dir.resolve(DIVERGED));
        if (!Files.isRegularFile(record) || !(diverged || Files.isRegularFile(checkpointFile))) {
            return new Job(arm, init, setup, dir, State.TRAIN, null, null);
        }
        RunRecord saved = RunRecord.read(record);
        // compared as canonical texts: a run.json written before RunConfig may hold 1e-3 where this one has 0.001
        Map<String, String> savedOptions = RunConfig.canonical(saved.options());
        List<String> fixed = new ArrayList<>(RunOptions.FIXED_ON_RESUME);
        fixed.sort(null);
        for (String option : fixed) {
            if (!Objects.equals(savedOptions.get(option), setup.options().get(option))) {
                throw new DescentException("'" + dir + "' holds a run with --" + option + " " + saved.options().get(option)
                        + ", but this comparison asks for " + setup.options().get(option)
                        + "; give compare another --out, or delete '" + dir + "' to train it again");
            }
        }
        if (!saved.hyperparameters().equals(setup.hyperparameters())) {
            throw new DescentException("'" + dir + "' holds a run with hyperparameters " + saved.hyperparameters()
                    + ", but this comparison asks for " + setup.hyperparameters()
                    + "; give compare another --out, or delete '" + dir + "' to train it again");
        }
        if (diverged) {
            return new Job(arm, init, setup, dir, State.DIVERGED, null, null);
        }
        Checkpoint checkpoint = CheckpointFile.read(checkpointFile);
        int epochs = checkpoint.epoch();
        int recorded = epochsRecorded(dir);
        if (recorded < epochs) {
            return new Job(arm, init, setup, dir, State.TRAIN, null, "metrics.csv lacks epoch " + (recorded + 1) + " of the "
                    + epochs + " its checkpoint holds; training it again from the start");
        }
        if (epochs >= setup.epochs) {
            return new Job(arm, init, setup, dir, State.DONE, null, null);
        }
        return new Job(arm, init, setup, dir, State.RESUME, checkpoint, null);
    }

    private static List<String> notes(Presets.Preset preset, int inits, List<ArmPlan> arms) {
        TrainRunner.Setup first = arms.get(0).setups().get(0);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "`descent compare`, %d initialisation%s per arm (seeds %d to %d): for each, every arm"
                + " starts from the same weights and sees the data in the same order. %d epochs.", inits, inits == 1 ? "" : "s",
                first.seed, first.seed + inits - 1, first.epochs));
        if (preset.headline() != null) {
            notes.add("The metric this experiment is about: **" + preset.headline().replace('_', ' ') + "** (`" + preset.headline()
                    + ".png`).");
        }
        StringBuilder b = new StringBuilder("Arms:");
        for (ArmPlan arm : arms) {
            TrainRunner.Setup s = arm.setups().get(0);
            b.append("\n- **").append(arm.label()).append("**: `").append(s.algorithmKind()).append(' ').append(s.algorithmId()).append('`');
            for (Map.Entry<String, String> e : arm.ownSettings().entrySet()) {
                if (!e.getKey().equals("optimizer") && !e.getKey().equals("trainer")) {
                    b.append(", `--").append(e.getKey()).append(' ').append(e.getValue()).append('`');
                }
            }
        }
        notes.add(b.toString());
        StringBuilder shared = new StringBuilder("Shared settings:");
        first.options().forEach((k, v) -> {
            if (!Set.of("seed", "optimizer", "trainer", "threads", "plugins").contains(k)
                    && arms.stream().allMatch(a -> Objects.equals(a.setups().get(0).options().get(k), v))) {
                shared.append(" `--").append(k).append(' ').append(v).append('`');
            }
        });
        notes.add(shared.toString());
        return notes;
    }

    private static void writeRecord(Path outDir, Presets.Preset preset, int inits, List<ArmPlan> arms) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("preset", preset.name());
        json.put("description", preset.description());
        json.put("inits", inits);
        json.put("seed", arms.get(0).setups().get(0).seed);
        List<Object> list = new ArrayList<>();
        for (ArmPlan arm : arms) {
            TrainRunner.Setup s = arm.setups().get(0);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("label", arm.label());
            Map<String, String> options = new LinkedHashMap<>(s.options());
            options.remove("seed");
            a.put("options", options);
            a.put("hyperparameters", s.hyperparameters());
            list.add(a);
        }
        json.put("arms", list);
        JsonFiles.write(outDir.resolve("compare.json"), json);
    }
}
