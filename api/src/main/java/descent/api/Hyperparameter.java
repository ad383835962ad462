package descent.api;

import java.util.Objects;

/**
 * The declaration of one hyperparameter: its name (as typed on the command line after
 * {@code --}), type, default, allowed range and a one-line description. Providers return these
 * from {@code hyperparameters()}; {@code descent list} prints them; {@link Hyperparameters}
 * validates values against them when they are read.
 *
 * @param name the name, lower-case words joined by '-' ({@code lr}, {@code momentum}, {@code sigma})
 * @param type the value type
 * @param defaultValue the default as text, or {@code null} when the value is required
 * @param range for {@link Type#REAL} and {@link Type#INTEGER}: the allowed interval
 * @param description one line for {@code descent list}
 */
@Stability(Stability.Level.STABLE)
public record Hyperparameter(String name, Type type, String defaultValue, Range range, String description) {

    /** Value types. */
    public enum Type { REAL, INTEGER, BOOLEAN, TEXT }

    public Hyperparameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("hyperparameter name '" + name + "' must be lower-case words joined by '-'");
        }
        if (defaultValue != null && (type == Type.REAL || type == Type.INTEGER)) {
            double d = Double.parseDouble(defaultValue);
            if (!range.contains(d)) {
                throw new IllegalArgumentException("default of '" + name + "' (" + defaultValue + ") is outside " + range);
            }
        }
    }

    /** A real-valued hyperparameter. */
    public static Hyperparameter real(String name, double defaultValue, Range range, String description) {
        return new Hyperparameter(name, Type.REAL, Double.toString(defaultValue), range, description);
    }

    /** An integer hyperparameter. */
    public static Hyperparameter integer(String name, long defaultValue, Range range, String description) {
        return new Hyperparameter(name, Type.INTEGER, Long.toString(defaultValue), range, description);
    }

    /** A boolean hyperparameter ({@code true} or {@code false}). */
    public static Hyperparameter bool(String name, boolean defaultValue, String description) {
        return new Hyperparameter(name, Type.BOOLEAN, Boolean.toString(defaultValue), Range.ANY, description);
    }

    /** A free-text hyperparameter (a spec the provider parses itself); {@code null} default = required. */
    public static Hyperparameter text(String name, String defaultValue, String description) {
        return new Hyperparameter(name, Type.TEXT, defaultValue, Range.ANY, description);
    }

    /** One line for listings: {@code lr (real > 0, default 0.1): learning rate}. */
    public String describe() {
        String t = switch (type) {
            case REAL -> "real " + range;
            case INTEGER -> "integer " + range;
            case BOOLEAN -> "boolean";
            case TEXT -> "text";
        };
        return name + " (" + t + (defaultValue == null ? ", required" : ", default " + defaultValue) + "): " + description;
    }
}
