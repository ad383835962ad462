package descent.api;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated hyperparameter values for one provider. Built from the declarations and the values a
 * user gave ({@link #of}); every value is parsed and range-checked there, so a bad one fails at
 * once with a message naming the field and its range ("hyperparameter 'lr' must be > 0, got -0.1").
 * Immutable.
 */
@Stability(Stability.Level.STABLE)
public final class Hyperparameters {

    private final String owner;
    private final Map<String, Hyperparameter> specs;
    private final Map<String, String> values;

    private Hyperparameters(String owner, Map<String, Hyperparameter> specs, Map<String, String> values) {
        this.owner = owner;
        this.specs = specs;
        this.values = values;
    }

    /**
     * Validates {@code given} against {@code declared}.
     *
     * @param owner who the values are for, used in messages ("optimizer 'adam'")
     * @param declared the provider's declarations
     * @param given values by name, as text; names not declared are an error
     * @throws DescentException naming the field for an unknown name, an unparsable value, a value
     *     out of range, or a required value that is missing
     */
    public static Hyperparameters of(String owner, Collection<Hyperparameter> declared, Map<String, String> given) {
        Map<String, Hyperparameter> specs = new LinkedHashMap<>();
        for (Hyperparameter h : declared) {
            specs.put(h.name(), h);
        }
        for (String name : given.keySet()) {
            if (!specs.containsKey(name)) {
                throw new DescentException("unknown hyperparameter '" + name + "' for " + owner + "; known: "
                        + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet())));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Hyperparameter h : specs.values()) {
            String v = given.containsKey(h.name()) ? given.get(h.name()) : h.defaultValue();
            if (v == null) {
                throw new DescentException("hyperparameter '" + h.name() + "' of " + owner + " is required: " + h.description());
            }
            check(owner, h, v.trim());
            values.put(h.name(), v.trim());
        }
        return new Hyperparameters(owner, specs, Collections.unmodifiableMap(values));
    }

    /** All defaults of {@code declared}. */
    public static Hyperparameters defaults(String owner, Collection<Hyperparameter> declared) {
        return of(owner, declared, Map.of());
    }

    private static void check(String owner, Hyperparameter h, String v) {
        switch (h.type()) {
            case REAL -> {
                double d = parseReal(owner, h, v);
                if (!h.range().contains(d)) {
                    throw outOfRange(owner, h, v);
                }
            }
            case INTEGER -> {
                long l;
                try {
                    l = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new DescentException("hyperparameter '" + h.name() + "' of " + owner
                            + " must be an integer " + h.range() + ", got '" + v + "'");
                }
                if (!h.range().contains(l)) {
                    throw outOfRange(owner, h, v);
                }
            }
            case BOOLEAN -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw new DescentException("hyperparameter '" + h.name() + "' of " + owner
                            + " must be true or false, got '" + v + "'");
                }
            }
            case TEXT -> { }
        }
    }

    private static double parseReal(String owner, Hyperparameter h, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new DescentException("hyperparameter '" + h.name() + "' of " + owner
                    + " must be a number " + h.range() + ", got '" + v + "'");
        }
    }

    private static DescentException outOfRange(String owner, Hyperparameter h, String v) {
        return new DescentException("hyperparameter '" + h.name() + "' of " + owner + " must be " + h.range() + ", got " + v);
    }

    private Hyperparameter spec(String name, Hyperparameter.Type type) {
        Hyperparameter h = specs.get(name);
        if (h == null) {
            throw new IllegalArgumentException(owner + " declares no hyperparameter '" + name + "'");
        }
        if (h.type() != type) {
            throw new IllegalArgumentException("hyperparameter '" + name + "' of " + owner + " is " + h.type() + ", not " + type);
        }
        return h;
    }

    /** The value of a {@link Hyperparameter.Type#REAL} hyperparameter. */
    public double real(String name) {
        spec(name, Hyperparameter.Type.REAL);
        return Double.parseDouble(values.get(name));
    }

    /** The value of an {@link Hyperparameter.Type#INTEGER} hyperparameter. */
    public long integer(String name) {
        spec(name, Hyperparameter.Type.INTEGER);
        return Long.parseLong(values.get(name));
    }

    /** The value of a {@link Hyperparameter.Type#BOOLEAN} hyperparameter. */
    public boolean bool(String name) {
        spec(name, Hyperparameter.Type.BOOLEAN);
        return Boolean.parseBoolean(values.get(name));
    }

    /** The value of a {@link Hyperparameter.Type#TEXT} hyperparameter. */
    public String text(String name) {
        spec(name, Hyperparameter.Type.TEXT);
        return values.get(name);
    }

    /** Who these values are for ("optimizer 'adam'"), for messages. */
    public String owner() {
        return owner;
    }

    /** A {@link DescentException} about one field, in the house format, for providers' own cross-field checks. */
    public DescentException invalid(String name, String requirement) {
        return new DescentException("hyperparameter '" + name + "' of " + owner + " " + requirement + ", got " + values.get(name));
    }

    /** Every value, as text, in declaration order (for run.json). */
    public Map<String, String> asMap() {
        return values;
    }

    /** The declarations these values were checked against, in order. */
    public List<Hyperparameter> declarations() {
        return List.copyOf(specs.values());
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }
}
