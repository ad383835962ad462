package descent.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;
import descent.api.DescentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * {@code run.json}, {@code compare.json} and the live view's listing, through jackson-jr.
 *
 * <p><b>Writing.</b> Maps are written in their iteration order (build them as
 * {@link java.util.LinkedHashMap}s, and two records of the same kind diff cleanly), two-space
 * indented, one entry or element a line, {@code "key": value}, with a trailing newline. Numbers are
 * written as Java prints them, which reads back to the same value. NaN and the infinities have no
 * JSON form: they are refused before anything is written, with the path of the value
 * ({@code $.results.loss}), so a record never holds a string where a number belongs.
 *
 * <p><b>Reading.</b> Strict JSON; objects come back as maps in document order, arrays as lists,
 * integers as {@link Integer} or {@link Long}, other numbers as {@link Double}. A malformed file is a
 * {@link DescentException} naming the file, the line and the column.
 *
 * <p>Stability: experimental.
 */
public final class JsonFiles {

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    private static final JSON WRITER = JSON.std.with(PRETTY).with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON READER = JSON.std.with(JSON.Feature.READ_JSON_ARRAYS_AS_JAVA_ARRAYS, false);

    private JsonFiles() {}

    /**
     * The value tree as JSON text: maps with string keys, lists and arrays, strings, numbers,
     * booleans, enums (by name) and null.
     *
     * @throws IllegalArgumentException for NaN, an infinity or a map key that is not a string, naming its path
     */
    public static String write(Object value) {
        check(value, "$");
        try {
            return WRITER.asString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@link #write(Object)} to a file, replacing it atomically ({@link AtomicFiles}). */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, write(value));
    }

    /**
     * Parses JSON text.
     *
     * @throws DescentException if it is not valid JSON, with the line and column
     */
    public static Object parse(String json) {
        return parse(Objects.requireNonNull(json, "json"), "JSON text");
    }

    /**
     * Reads a JSON file.
     *
     * @throws DescentException if the file is missing, unreadable or not valid JSON, naming the file, line and column
     */
    public static Object read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DescentException("JSON file '" + file + "' does not exist; check the run directory", e);
        } catch (IOException e) {
            throw new DescentException("cannot read JSON file '" + file + "': " + e.getMessage(), e);
        }
        return parse(text, "JSON file '" + file + "'");
    }

    private static Object parse(String text, String what) {
        if (text.isBlank()) {
            throw new DescentException(what + " is empty; it should hold a JSON document");
        }
        try {
            return READER.anyFrom(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new DescentException(what + " is not valid JSON" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new DescentException(what + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    private static void check(Object value, String path) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalArgumentException("JSON has no value for " + value + " at " + path + "; write a finite number, or null");
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey() + " at " + path);
                }
                check(e.getValue(), path + "." + key);
            }
        } else if (value instanceof Iterable<?> list) {
            int i = 0;
            for (Object o : list) {
                check(o, path + "[" + i++ + "]");
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                check(array[i], path + "[" + i + "]");
            }
        } else if (value instanceof double[] array) {
            for (int i = 0; i < array.length; i++) {
                check(array[i], path + "[" + i + "]");
            }
        }
    }
}
