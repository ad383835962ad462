package descent.app.internal;

import descent.api.DescentException;
import descent.engine.plugins.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Named experiments for {@code descent compare --preset NAME}: Java properties files shipped in
 * the app under {@code descent/app/presets/} (listed in {@code presets.list} there), or any such
 * file given by path.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * description = one line for descent list and the summary's heading
 * inits = 5                      # initialisations per arm (--inits overrides)
 * headline = test_loss           # the metric the experiment is about (optional)
 * baseline = constant            # the arm the others are paired against in the summary (optional; the first)
 * lr = 0.1                       # any descent train option or hyperparameter, for every arm
 * arms = adaptive, constant      # labels, in order; each names a folder of the output
 * arm.adaptive.optimizer = adaptive-batch-sgd
 * arm.adaptive.batch-schedule = 20:1024,30:2048,40:4096
 * arm.constant.optimizer = sgd
 * }</pre>
 * An arm's own settings override the shared ones; options on the command line override both.
 * Every arm needs an {@code optimizer} (an id or a switch such as {@code sgd,adams-pece@20}) or a
 * {@code trainer}. The output, resume and plugin options and the arm's seed cannot be set here.
 */
final class Presets {

    static final String FOLDER = "/descent/app/presets/";
    static final String INDEX = FOLDER + "presets.list";
    private static final Set<String> NEVER = Set.of("out", "resume", "plugins", "preset", "optimizers");

    private Presets() {
    }

    /** One arm: a label and its own options (engine options and hyperparameters). */
    record Arm(String label, Map<String, String> options) {
    }

    /**
     * An experiment.
     *
     * @param name the preset's name (file name without {@code .properties})
     * @param description one line
     * @param inits default initialisations per arm
     * @param headline the metric the experiment is about, or null
     * @param baseline the arm the summary pairs the others against, or null for the first
     * @param common options for every arm
     * @param arms the arms in order
     */
    record Preset(String name, String description, int inits, String headline, String baseline, Map<String, String> common,
            List<Arm> arms) {
    }

    /** The shipped presets' names, in the index's order. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        try (InputStream in = Presets.class.getResourceAsStream(INDEX)) {
            if (in == null) {
                return names;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new DescentException("cannot read the preset index " + INDEX + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * A shipped preset by name, or a preset file by path (a value with a '/' or ending in {@code .properties}).
     *
     * @throws DescentException for an unknown name (listing the known ones), a missing file, or a malformed preset
     */
    static Preset load(String nameOrPath) {
        if (nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator) || nameOrPath.endsWith(".properties")) {
            Path file = Path.of(nameOrPath);
            if (!Files.isRegularFile(file)) {
                throw new DescentException("preset file '" + nameOrPath + "' does not exist; give a preset name ("
                        + String.join(", ", names()) + ") or the path of a .properties file");
            }
            String fileName = file.getFileName().toString();
            String name = fileName.endsWith(".properties") ? fileName.substring(0, fileName.length() - ".properties".length()) : fileName;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return parse(name, "preset file '" + nameOrPath + "'", r);
            } catch (IOException e) {
                throw new DescentException("cannot read preset file '" + nameOrPath + "': " + e.getMessage(), e);
            }
        }
        List<String> known = names();
        InputStream in = known.contains(nameOrPath) ? Presets.class.getResourceAsStream(FOLDER + nameOrPath + ".properties") : null;
        if (in == null) {
            throw new DescentException("unknown preset '" + nameOrPath + "'; known: " + String.join(", ", known)
                    + Suggestions.didYouMean(nameOrPath, known) + "; or give the path of a .properties file");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(nameOrPath, "preset '" + nameOrPath + "'", r);
        } catch (IOException e) {
            throw new DescentException("cannot read preset '" + nameOrPath + "': " + e.getMessage(), e);
        }
    }

    static Preset parse(String name, String what, Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Map<String, String> all = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> all.put(k.strip(), p.getProperty(k).strip()));
        String armsText = all.remove("arms");
        if (armsText == null || armsText.isBlank()) {
            throw new DescentException(what + " has no 'arms'; list the arm labels, e.g. arms = adaptive, constant");
        }
        Set<String> labels = new LinkedHashSet<>();
        for (String label : armsText.split(",")) {
            String l = label.strip();
            if (!l.matches("[A-Za-z0-9][A-Za-z0-9._+@-]*")) {
                throw new DescentException(what + ": arm label '" + l + "' must be letters, digits and . _ + @ - (it names a folder)");
            }
            if (!labels.add(l)) {
                throw new DescentException(what + ": arm label '" + l + "' appears twice in 'arms'");
            }
        }
        String description = all.remove("description");
        String headline = all.remove("headline");
        if (headline != null && !descent.engine.report.Comparison.METRICS.contains(headline)) {
            throw new DescentException(what + ": headline '" + headline + "' is not a metric; known: "
                    + String.join(", ", descent.engine.report.Comparison.METRICS));
        }
        String baseline = all.remove("baseline");
        if (baseline != null && !labels.contains(baseline.strip())) {
            throw new DescentException(what + ": baseline '" + baseline + "' is not one of its arms; arms: " + String.join(", ", labels));
        }
        baseline = baseline == null ? null : baseline.strip();
        String initsText = all.remove("inits");
        int inits = 1;
        if (initsText != null) {
            try {
                inits = Integer.parseInt(initsText);
            } catch (NumberFormatException e) {
                inits = 0;
            }
            if (inits < 1) {
                throw new DescentException(what + ": inits must be an integer >= 1, got '" + initsText + "'");
            }
        }
        Map<String, Map<String, String>> perArm = new LinkedHashMap<>();
        labels.forEach(l -> perArm.put(l, new LinkedHashMap<>()));
        Map<String, String> common = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("arm.")) {
                String rest = key.substring(4);
                String label = labels.stream().filter(l -> rest.startsWith(l + ".")).max((a, b) -> a.length() - b.length()).orElse(null);
                if (label == null) {
                    throw new DescentException(what + ": '" + key + "' names no arm; arms: " + String.join(", ", labels));
                }
                String option = rest.substring(label.length() + 1);
                check(what, key, option);
                if (option.equals("seed") || option.equals("inits")) {
                    throw new DescentException(what + ": '" + key + "': every arm uses the same seeds and inits; set " + option
                            + " for the whole preset");
                }
                perArm.get(label).put(option, e.getValue());
            } else {
                check(what, key, key);
                common.put(key, e.getValue());
            }
        }
        List<Arm> arms = new ArrayList<>();
        for (String l : labels) {
            Map<String, String> o = perArm.get(l);
            boolean hasAlgorithm = o.containsKey("optimizer") || o.containsKey("trainer") || common.containsKey("optimizer")
                    || common.containsKey("trainer");
            if (!hasAlgorithm) {
                throw new DescentException(what + ": arm '" + l + "' has no optimizer; add arm." + l + ".optimizer = ID");
            }
            arms.add(new Arm(l, o));
        }
        return new Preset(name, description == null ? name : description, inits, headline, baseline, common, arms);
    }

    private static void check(String what, String key, String option) {
        if (NEVER.contains(option)) {
            throw new DescentException(what + ": '" + key + "' cannot be set in a preset; give --" + option
                    + " on the command line if at all");
        }
    }
}
