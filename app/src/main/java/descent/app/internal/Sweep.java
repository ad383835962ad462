package descent.app.internal;

import descent.api.DescentException;
import descent.api.Provider;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.report.JsonFiles;
import descent.engine.report.MetricsTable;
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
 * A comparison as a plan: every (arm, initialisation) run with its checked configuration and its
 * folder, {@code OUT/<arm>/init-<i>/}. A {@link SweepExecutor} trains the runs, and
 * {@link SweepReport} summarises them once they are finished; {@code descent compare} (whole, or
 * split with {@code --arms}) is this plan with the local executor.
 *
 * @param preset what the comparison is (its name, description, baseline and headline metric)
 * @param inits initialisations per arm; init i trains from seed {@code --seed + i}
 * @param outDir where the runs, compare.json and the summary go
 * @param arms the arms, each with one setup per initialisation
 */
record Sweep(Presets.Preset preset, int inits, Path outDir, List<Sweep.Arm> arms) {

    /** Written in a run's folder when it diverged; a later compare skips the run. */
    static final String DIVERGED = "diverged.txt";

    /** What is to be done with a run. */
    enum State { TRAIN, RESUME, DONE, DIVERGED }

    /** An arm, resolved: its label, what it sets itself, and one setup per initialisation. */
    record Arm(String label, Map<String, String> ownSettings, List<TrainRunner.Setup> setups) {
    }

    /** One run of the sweep: arm {@code arm}'s initialisation {@code init}, trained in {@code dir}. */
    record Run(int arm, int init, TrainRunner.Setup setup, Path dir) {
    }

    /** What to do with a run, and the checkpoint to resume it from (or why it trains again). */
    record Status(State state, Checkpoint checkpoint, String note) {
    }

    /** Every run, init by init, every arm of init 0 first, so that a partial comparison is balanced. */
    List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < inits; i++) {
            for (int a = 0; a < arms.size(); a++) {
                runs.add(new Run(a, i, arms.get(a).setups().get(i), outDir.resolve(arms.get(a).label()).resolve("init-" + i)));
            }
        }
        return runs;
    }

    /** The setup of arm 0, init 0 (its seed is the first, its epochs every run's). */
    TrainRunner.Setup first() {
        return arms.get(0).setups().get(0);
    }

    String label(Run run) {
        return arms.get(run.arm()).label();
    }

    /** Layers defaults, the preset, the arm and the command line; checks every run's configuration before any trains. */
    static Sweep plan(TrainRunner runner, Presets.Preset preset, int inits, Path outDir, Map<String, String> cliOptions,
            Map<String, String> cliHyper) {
        Map<String, String> commonOptions = new LinkedHashMap<>();
        Map<String, String> commonHyper = new LinkedHashMap<>();
        split(preset.common(), commonOptions, commonHyper);
        List<Arm> plans = new ArrayList<>();
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
            plans.add(new Arm(arm.label(), own, setups));
        }
        for (String name : shared.keySet()) {
            if (!sharedUsed.contains(name)) {
                throw RunOptions.unknown(name, declaredAnywhere);
            }
        }
        return new Sweep(preset, inits, outDir, List.copyOf(plans));
    }

    private static void split(Map<String, String> settings, Map<String, String> options, Map<String, String> hyper) {
        settings.forEach((k, v) -> (RunOptions.isOption(k) ? options : hyper).put(k, v));
    }

    /**
     * What to do with {@code run}, read from its folder: train it, resume it from its checkpoint, or
     * nothing (done, or diverged before).
     *
     * @throws DescentException when the folder holds a run of another configuration
     */
    static Status status(Run run) {
        Path dir = run.dir();
        TrainRunner.Setup setup = run.setup();
        Path record = dir.resolve(TrainRunner.RUN_JSON);
        Path checkpointFile = dir.resolve(TrainRunner.CHECKPOINT);
        boolean diverged = Files.isRegularFile(dir.resolve(DIVERGED));
        if (!Files.isRegularFile(record) || !(diverged || Files.isRegularFile(checkpointFile))) {
            return new Status(State.TRAIN, null, null);
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
            return new Status(State.DIVERGED, null, null);
        }
        Checkpoint checkpoint = CheckpointFile.read(checkpointFile);
        int epochs = checkpoint.epoch();
        int recorded = epochsRecorded(dir);
        if (recorded < epochs) {
            return new Status(State.TRAIN, null, "metrics.csv lacks epoch " + (recorded + 1) + " of the "
                    + epochs + " its checkpoint holds; training it again from the start");
        }
        if (epochs >= setup.epochs) {
            return new Status(State.DONE, null, null);
        }
        return new Status(State.RESUME, checkpoint, null);
    }

    /** How many epochs, 1, 2, ... without a gap, the metrics.csv in {@code dir} has rows for; 0 without one. */
    static int epochsRecorded(Path dir) {
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

    List<String> notes() {
        TrainRunner.Setup first = first();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "`descent compare`, %d initialisation%s per arm (seeds %d to %d): for each, every arm"
                + " starts from the same weights and sees the data in the same order. %d epochs.", inits, inits == 1 ? "" : "s",
                first.seed, first.seed + inits - 1, first.epochs));
        if (preset.headline() != null) {
            notes.add("The metric this experiment is about: **" + preset.headline().replace('_', ' ') + "** (`" + preset.headline()
                    + ".png`).");
        }
        StringBuilder b = new StringBuilder("Arms:");
        for (Arm arm : arms) {
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

    /** {@code compare.json}: the preset, the initialisations and every arm's configuration. */
    void writeRecord() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("preset", preset.name());
        json.put("description", preset.description());
        json.put("inits", inits);
        json.put("seed", arms.get(0).setups().get(0).seed);
        List<Object> list = new ArrayList<>();
        for (Arm arm : arms) {
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
