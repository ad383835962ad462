package descent.app.internal;

import descent.api.DescentException;
import descent.api.data.Dataset;
import descent.engine.report.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code run.json}: the full configuration of a run (every engine option and every
 * hyperparameter, defaults included), versions, backend and seed. {@code --resume} reads the
 * options and hyperparameters back from it.
 */
record RunRecord(Map<String, String> options, Map<String, Map<String, String>> hyperparameters, Map<String, String> environment) {

    static void write(Path file, Map<String, String> options, Map<String, Map<String, String>> hyperparameters,
            String model, Dataset data, int validation, int threads, descent.engine.device.DeviceSelection device, Map<String, Object> executor,
            History history) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("descent", Versions.descent());
        json.put("created", history.created);
        json.put("options", options);
        json.put("hyperparameters", hyperparameters);
        json.put("seed", Long.parseLong(options.get("seed")));
        json.put("model", model);
        json.put("executor", executor);
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("id", data.id());
        dataset.put("train", data.train().size());
        if (validation > 0) {
            dataset.put("validation", validation);
        }
        dataset.put("test", data.test().size());
        dataset.put("classes", data.classes());
        json.put("dataset", dataset);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.put("dl4j", Versions.dl4j());
        env.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("device", device.describe());
        env.put("native_build", descent.engine.device.NativeBuild.current().describe());
        env.put("blas", String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor")));
        descent.engine.device.CpuKernels cpu = descent.engine.device.CpuKernels.current();
        env.put("cpu", cpu.model());
        env.put("simd", cpu.simd());
        env.put("openblas_coretype", cpu.openblasCoreType());
        env.put("threads", threads);
        env.put("named_modules", RunRecord.class.getModule().isNamed());
        json.put("environment", env);
        json.put("history", history.entries);
        JsonFiles.write(file, json);
    }

    /**
     * When the run was created, and one entry per start of a process on it: how it started (new,
     * overwrite, resume, restart), when, from which epoch, with which version, and, once the
     * process ends other than by being killed, when and how (completed, diverged, failed: …) and
     * at which epoch. An entry without an end is a process that was killed or is still running.
     */
    static final class History {
        private final String created;
        private final List<Map<String, Object>> entries;
        private final Map<String, Object> current;

        private History(String created, List<Map<String, Object>> entries, Map<String, Object> current) {
            this.created = created;
            this.entries = entries;
            this.current = current;
        }

        /** The history of the run in {@code file} (for a resume or restart), or a new one, with this start added. */
        @SuppressWarnings("unchecked")
        static History start(Path file, String kind, int fromEpoch) {
            String now = Instant.now().toString();
            String created = now;
            List<Map<String, Object>> entries = new ArrayList<>();
            boolean continues = kind.equals("resume") || kind.equals("restart");
            if (continues && Files.isRegularFile(file)) {
                try {
                    Map<String, Object> json = (Map<String, Object>) JsonFiles.read(file);
                    if (json.get("created") instanceof String c) {
                        created = c;
                    }
                    if (json.get("history") instanceof List<?> old) {
                        for (Object o : old) {
                            if (o instanceof Map<?, ?> m) {
                                entries.add(new LinkedHashMap<>((Map<String, Object>) m));
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // an unreadable record was refused earlier; the history then starts here
                }
            }
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("start", kind);
            current.put("started", now);
            current.put("from_epoch", fromEpoch);
            current.put("descent", Versions.descent());
            current.put("pid", ProcessHandle.current().pid());
            entries.add(current);
            return new History(created, entries, current);
        }

        /** Records how this process ended its part of the run. */
        void end(String outcome, int epoch) {
            current.put("ended", Instant.now().toString());
            current.put("outcome", outcome);
            current.put("epoch", epoch);
        }
    }

    /** What ran the model: the executor asked for, the one that ran, its kernels, and why they differ. */
    static Map<String, Object> executor(descent.engine.Executor requested, descent.engine.Executor.Selection selection) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requested", requested.id());
        e.put("ran", selection.executor());
        if (selection.kernels() != null) {
            e.put("kernels", selection.kernels());
        }
        if (selection.note() != null) {
            e.put("note", selection.note());
        }
        return e;
    }

    /**
     * The CPU and BLAS kernel the run was last written under, or null for a run.json from before
     * descent recorded them.
     */
    descent.engine.device.CpuKernels kernels() {
        String simd = environment.get("simd");
        return simd == null ? null : new descent.engine.device.CpuKernels(environment.getOrDefault("cpu", "unknown"), simd,
                environment.getOrDefault("openblas_coretype", "auto"));
    }

    @SuppressWarnings("unchecked")
    static RunRecord read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DescentException("no run to resume: '" + file + "' does not exist; --resume takes the --out directory of an earlier run");
        }
        try {
            Map<String, Object> json = (Map<String, Object>) JsonFiles.read(file);
            Map<String, String> options = new LinkedHashMap<>();
            ((Map<String, Object>) json.get("options")).forEach((k, v) -> options.put(k, String.valueOf(v)));
            Map<String, Map<String, String>> hyper = new LinkedHashMap<>();
            ((Map<String, Object>) json.get("hyperparameters")).forEach((kind, values) -> {
                Map<String, String> m = new LinkedHashMap<>();
                ((Map<String, Object>) values).forEach((k, v) -> m.put(k, String.valueOf(v)));
                hyper.put(kind, m);
            });
            Map<String, String> environment = new LinkedHashMap<>();
            if (json.get("environment") instanceof Map<?, ?> env) {
                env.forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
            }
            return new RunRecord(options, hyper, environment);
        } catch (ClassCastException | NullPointerException e) {
            throw new DescentException("'" + file + "' is not a descent run record; --resume takes the --out directory of an earlier run");
        }
    }
}
