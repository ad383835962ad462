package descent.app.internal;

import descent.api.DescentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: a command word, {@code --name value} (or {@code --name=value}) options and
 * {@code --flag}s. Options are taken out as they are used, so whatever is left at the end is an
 * unknown option and reported.
 */
public final class Args {

    /** Options that take no value. */
    static final Set<String> FLAGS = Set.of("verbose", "strict-plugins", "help", "version", "no-plot", "report", "overwrite",
            "dl4j-baseline");

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

    /** Parses {@code argv}; a repeated option or one without a value is a {@link DescentException}. */
    public static Args parse(String[] argv) {
        String command = null;
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (name.isEmpty()) {
                    throw new DescentException("empty option '--'; options look like --name value");
                }
                if (FLAGS.contains(name)) {
                    if (value != null) {
                        throw new DescentException("option '--" + name + "' takes no value, got '" + value + "'");
                    }
                    flags.add(name);
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                        throw new DescentException("option '--" + name + "' needs a value");
                    }
                    value = argv[++i];
                }
                if (options.put(name, value) != null) {
                    throw new DescentException("option '--" + name + "' is given twice");
                }
            } else if (a.equals("-v")) {
                flags.add("verbose");
            } else if (a.equals("-h")) {
                flags.add("help");
            } else if (command == null) {
                command = a;
            } else {
                positional.add(a);
            }
        }
        return new Args(command, options, flags, positional);
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
