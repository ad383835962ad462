package descent.app.internal;

import descent.api.DescentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line ({@link Commands} parses it with picocli): the command word, the options
 * given and their values, flags and positional words. Options are taken out as they are used, so
 * whatever is left at the end is a hyperparameter, routed to the provider that declares it.
 */
public final class Args {

    private final String command;
    private final Map<String, String> options;
    private final Set<String> flags;

    private final List<String> positional;

    private Args(String command, Map<String, String> options, Set<String> flags, List<String> positional) {
        this.command = command;
        this.positional = List.copyOf(positional);
        this.options = options;
        this.flags = flags;
    }

    /** The parsed command line, as {@link Commands#toArgs} makes it. */
    static Args of(String command, Map<String, String> options, Set<String> flags, List<String> positional) {
        return new Args(command, new LinkedHashMap<>(options), new LinkedHashSet<>(flags), positional);
    }

    /**
     * Parses {@code argv} with the command tree as it is before plugin discovery, where every
     * command lets unknown options through to its own checks (for tests of a single command).
     */
    static Args parse(String[] argv) {
        return Commands.toArgs(Commands.parse(Commands.build(null), argv));
    }

    /** The words after the command that are not options or their values (only {@code serve} takes one). */
    public List<String> positional() {
        return positional;
    }

    /** Fails on a positional argument, for the commands that take none. */
    public void noPositional() {
        if (!positional.isEmpty()) {
            throw new DescentException("unexpected argument '" + positional.get(0) + "'; options look like --name value");
        }
    }

    /** The command word, or null. */
    public String command() {
        return command;
    }

    /** Whether {@code --name} was given (and marks it used). */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** Takes {@code --name}'s value out, or {@code fallback}. */
    public String take(String name, String fallback) {
        String v = options.remove(name);
        return v == null ? fallback : v;
    }

    /** Whether {@code --name} was given and not yet taken. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** Takes an integer option, checking its lower bound. */
    public int takeInt(String name, int fallback, int min) {
        String v = take(name, null);
        if (v == null) {
            return fallback;
        }
        int i;
        try {
            i = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new DescentException("--" + name + " must be an integer >= " + min + ", got '" + v + "'");
        }
        if (i < min) {
            throw new DescentException("--" + name + " must be >= " + min + ", got " + i);
        }
        return i;
    }

    /** Takes a long option. */
    public long takeLong(String name, long fallback) {
        String v = take(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DescentException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    /** Takes a real option that must be > 0 ({@code strict}) or >= 0. */
    public double takeReal(String name, double fallback, boolean strict) {
        String v = take(name, null);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new DescentException("--" + name + " must be a number " + (strict ? "> 0" : ">= 0") + ", got '" + v + "'");
        }
        if ((strict ? !(d > 0) : !(d >= 0)) || Double.isInfinite(d)) {
            throw new DescentException("--" + name + " must be " + (strict ? "> 0" : ">= 0") + ", got " + v);
        }
        return d;
    }

    /** The options not yet taken, in the order given. */
    public Map<String, String> remaining() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
