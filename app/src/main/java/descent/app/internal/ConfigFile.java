package descent.app.internal;

import descent.api.DescentException;
import descent.engine.plugins.Suggestions;
import descent.engine.report.JsonFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code descent train --config FILE}: a run's configuration from a JSON file, below the command
 * line (an option given there wins) and above the {@code DESCENT_*} environment defaults.
 *
 * <p>Two shapes are read. A {@code run.json} (or any object with an {@code "options"} block) gives
 * the engine options in {@code options} and the hyperparameters by routing key in
 * {@code hyperparameters}, so that {@code descent train --config runs/x/run.json --out runs/y}
 * trains run x again. Any other object is flat: each key is an option or a hyperparameter, as on
 * the command line without the dashes ({@code {"optimizer": "momentum", "lr": 0.05, "momentum": 0.9}}).
 * Values are strings, numbers or booleans.
 *
 * @param options engine options (names as {@link RunOptions#OPTIONS} has them)
 * @param hyperparameters hyperparameters by routing key (a run.json's), applied while the key's provider is the same
 * @param loose hyperparameters by plain name (a flat file's), routed like the command line's
 */
record ConfigFile(Path file, Map<String, String> options, Map<String, Map<String, String>> hyperparameters, Map<String, String> loose) {

    /** Options a configuration file cannot set: they name one run's folder, or are read before the plugins load. */
    static final Set<String> NOT_IN_FILES = Set.of("resume", "plugins");

    static ConfigFile none() {
        return new ConfigFile(null, Map.of(), Map.of(), Map.of());
    }

    static ConfigFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DescentException("--config '" + file + "' is not a file; give a run.json or a JSON object of options");
        }
        if (!(JsonFiles.read(file) instanceof Map<?, ?> json)) {
            throw new DescentException("--config '" + file + "' holds no JSON object; write {\"optimizer\": \"sgd\", \"lr\": 0.1, ...}");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Map<String, String>> hyper = new LinkedHashMap<>();
        Map<String, String> loose = new LinkedHashMap<>();
        if (json.get("options") instanceof Map<?, ?> block) {
            strings(file, "options", block).forEach((name, value) -> options.put(check(file, name), value));
            // a run.json names its own folder; a new run goes to --out, or to the default
            if (json.containsKey("history")) {
                options.remove("out");
            }
            if (json.get("hyperparameters") instanceof Map<?, ?> byKey) {
                byKey.forEach((key, values) -> {
                    if (!(values instanceof Map<?, ?> m)) {
                        throw new DescentException("--config '" + file + "': hyperparameters." + key + " must be an object of name: value");
                    }
                    hyper.put(String.valueOf(key), strings(file, "hyperparameters." + key, m));
                });
            } else if (json.containsKey("hyperparameters")) {
                throw new DescentException("--config '" + file + "': hyperparameters must be an object of routing key: {name: value}");
            }
        } else {
            strings(file, null, json).forEach((name, value) -> {
                if (RunOptions.isOption(name) || NOT_IN_FILES.contains(name)) {
                    options.put(check(file, name), value);
                } else {
                    loose.put(name, value);
                }
            });
        }
        if (options.containsKey("trainer") && options.containsKey("optimizer") && !json.containsKey("history")) {
            throw new DescentException("--config '" + file + "' gives both optimizer and trainer; keep one");
        }
        return new ConfigFile(file, options, hyper, loose);
    }

    private static String check(Path file, String name) {
        if (NOT_IN_FILES.contains(name)) {
            throw new DescentException("--config '" + file + "' sets '" + name + "', which a configuration file cannot; give --" + name
                    + " on the command line");
        }
        if (!RunOptions.isOption(name)) {
            List<String> known = RunOptions.OPTIONS.stream().map(o -> o[0]).toList();
            String hint = Suggestions.closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new DescentException("--config '" + file + "': unknown option '" + name + "'" + hint + " in its options");
        }
        return name;
    }

    private static Map<String, String> strings(Path file, String block, Map<?, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String where = block == null ? String.valueOf(k) : block + "." + k;
            if (v == null) {
                return; // null: not set, as when the option is left out
            }
            String text;
            if (v instanceof String s) {
                text = s;
            } else if (v instanceof Boolean b) {
                text = b.toString();
            } else if (v instanceof Double d) {
                text = Double.toString(d);
            } else if (v instanceof Number n) {
                text = new BigDecimal(n.toString()).toPlainString();
            } else {
                throw new DescentException("--config '" + file + "': " + where + " must be a string, number or boolean, got " + v);
            }
            out.put(String.valueOf(k), text);
        });
        return out;
    }

    /**
     * The file's hyperparameters for the providers the run will use: a key's values are kept while
     * its provider is the one the file names (a command line that swaps the optimizer drops the
     * file's optimizer hyperparameters, which belong to another), then the command line's on top.
     */
    Map<String, Map<String, String>> merge(Map<String, String> runOptions, Set<String> runKeys, Map<String, Map<String, String>> cli) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        hyperparameters.forEach((key, values) -> {
            String kindOption = switch (key) {
                case "optimizer", "trainer", "model", "dataset" -> key;
                default -> null;
            };
            boolean same = kindOption == null ? runKeys.contains(key)
                    : runKeys.contains(key) && java.util.Objects.equals(options.get(kindOption), runOptions.get(kindOption));
            if (same) {
                merged.put(key, new LinkedHashMap<>(values));
            }
        });
        cli.forEach((key, values) -> merged.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(values));
        return merged;
    }
}
