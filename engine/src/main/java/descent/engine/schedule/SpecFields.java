package descent.engine.schedule;

import descent.engine.plugins.Suggestions;
import descent.api.DescentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key=value} fields after the colon of one schedule spec, with typed, validated reads.
 * Every message starts with {@code schedule 'kind': } and names the field and the offending value.
 */
final class SpecFields {

    private final String kind;
    private final String example;
    private final Map<String, String> values;

    private SpecFields(String kind, String example, Map<String, String> values) {
        this.kind = kind;
        this.example = example;
        this.values = values;
    }

    /**
     * Splits {@code body} ({@code a=1,b=2}, possibly empty) into fields.
     *
     * @param known the field names this kind accepts, or {@code null} to accept any (multistep's epochs)
     */
    static SpecFields parse(String kind, String body, List<String> known, String example) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!body.isBlank()) {
            for (String item : body.split(",", -1)) {
                String field = item.trim();
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new DescentException("schedule '" + kind + "': field '" + field + "' is not key=value; write e.g. --schedule "
                            + example);
                }
                String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = field.substring(eq + 1).trim();
                if (known != null && !known.contains(key)) {
                    throw new DescentException("schedule '" + kind + "': unknown field '" + key + "'; known: "
                            + (known.isEmpty() ? "none" : String.join(", ", known)) + Suggestions.didYouMean(key, known));
                }
                if (value.isEmpty()) {
                    throw new DescentException("schedule '" + kind + "': field '" + key + "' has no value; write e.g. --schedule " + example);
                }
                if (values.putIfAbsent(key, value) != null) {
                    throw new DescentException("schedule '" + kind + "': field '" + key + "' is given twice");
                }
            }
        }
        return new SpecFields(kind, example, values);
    }

    /** The fields in the order given. */
    Map<String, String> all() {
        return values;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw text of a required field. */
    String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new DescentException("schedule '" + kind + "' needs field '" + key + "'; write e.g. --schedule " + example);
        }
        return v;
    }

    /** A finite number; {@code fallback} when absent, required when {@code fallback} is null. */
    double number(String key, Double fallback) {
        if (!values.containsKey(key) && fallback != null) {
            return fallback;
        }
        return toNumber(key, required(key));
    }

    /** A finite number > 0. */
    double positive(String key, Double fallback) {
        double v = number(key, fallback);
        if (!(v > 0)) {
            throw fail(key, "must be > 0", v);
        }
        return v;
    }

    /** A finite number ≥ 0. */
    double nonNegative(String key, Double fallback) {
        double v = number(key, fallback);
        if (!(v >= 0)) {
            throw fail(key, "must be >= 0", v);
        }
        return v;
    }

    /** A whole number ≥ {@code min}. */
    int integer(String key, Integer fallback, int min) {
        if (!values.containsKey(key) && fallback != null) {
            return fallback;
        }
        String raw = required(key);
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new DescentException("schedule '" + kind + "': " + key + " must be a whole number, got '" + raw + "'", e);
        }
        if (v < min) {
            throw new DescentException("schedule '" + kind + "': " + key + " must be >= " + min + ", got '" + raw + "'");
        }
        return v;
    }

    /** One of {@code options}, case-insensitive. */
    String choice(String key, String fallback, List<String> options) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String raw = values.get(key).toLowerCase(Locale.ROOT);
        if (!options.contains(raw)) {
            throw new DescentException("schedule '" + kind + "': " + key + " must be one of " + String.join(", ", options) + ", got '"
                    + values.get(key) + "'" + Suggestions.didYouMean(raw, options));
        }
        return raw;
    }

    /** Parses a finite number, naming the field when it is not one. */
    double toNumber(String key, String raw) {
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new DescentException("schedule '" + kind + "': " + key + " must be a number, got '" + raw + "'", e);
        }
        if (!Double.isFinite(v)) {
            throw new DescentException("schedule '" + kind + "': " + key + " must be a finite number, got '" + raw + "'");
        }
        return v;
    }

    /** {@code schedule 'kind': key <rule>, got 'value'}. */
    DescentException fail(String key, String rule, double value) {
        return new DescentException("schedule '" + kind + "': " + key + " " + rule + ", got '" + values.getOrDefault(key, Schedules.format(value))
                + "'");
    }
}
