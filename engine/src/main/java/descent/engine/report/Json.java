package descent.engine.report;

import descent.api.DescentException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small JSON writer and parser for {@code run.json}: enough to save a run's configuration and
 * results and to read them back when the run resumes, with no third-party library.
 *
 * <p><b>Writing.</b> {@link #write(Object)} accepts {@code null}, {@link Boolean}, {@link Number},
 * {@link CharSequence}, {@link Enum} (written as its name), {@link Map} with {@link String} keys
 * (written in iteration order: use a {@link LinkedHashMap} for a stable order), {@link Iterable} and
 * arrays, nested to any depth. Output is pretty-printed with two-space indentation and a trailing
 * newline; a list of scalars that fits on one line is written on one line. {@link Double} and
 * {@link Float} are written with {@link Double#toString(double)}, which reads back to the same value;
 * NaN and infinities have no JSON form and are rejected. Strings escape {@code "}, {@code \}, the
 * control characters below U+0020 ({@code \n}, {@code \t}, ... or {@code \}{@code u00XX}) and unpaired
 * surrogates; other characters, including non-ASCII, are written as they are (files are UTF-8).
 *
 * <p><b>Parsing.</b> {@link #parse(String)} reads strict JSON (RFC 8259) and returns objects as
 * unmodifiable {@link Map}s in document order, arrays as unmodifiable {@link List}s, strings, {@link
 * Boolean}, {@code null}, and numbers as {@link Long} when integral and in range, otherwise {@link
 * Double}. A malformed document fails with the line and column.
 *
 * <p>Stability: experimental.
 */
public final class Json {

    private static final int MAX_DEPTH = 512;
    private static final int INLINE_WIDTH = 100;

    private Json() {}

    /**
     * Writes a value as pretty-printed JSON.
     *
     * @param value the value tree, as described in the class comment; not modified
     * @return the JSON text, ending with a newline
     * @throws IllegalArgumentException if the tree holds an unsupported type, a non-string map key,
     *     NaN or an infinity; the message gives the JSON path of the offending value
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value, 0, "$");
        return out.append('\n').toString();
    }

    /**
     * Writes a value as pretty-printed JSON to a file, atomically (see {@link AtomicFiles}).
     *
     * @param file the file to replace, not null
     * @param value the value tree, as described in the class comment
     * @throws IllegalArgumentException as {@link #write(Object)}
     * @throws DescentException if the file cannot be written
     */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, write(value));
    }

    /**
     * Parses a JSON document.
     *
     * @param json the text, not null
     * @return the value, as described in the class comment
     * @throws DescentException if the text is not valid JSON; the message gives line and column
     */
    public static Object parse(String json) {
        Objects.requireNonNull(json, "json");
        return new Parser(json, "JSON text", "").parseDocument();
    }

    /**
     * Reads and parses a JSON file.
     *
     * @param file the file, not null
     * @return the value, as described in the class comment
     * @throws DescentException if the file is missing, unreadable or not valid JSON; the message
     *     names the file, line and column
     */
    public static Object read(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DescentException("JSON file '" + file + "' does not exist; check the run directory", e);
        } catch (IOException e) {
            throw new DescentException("cannot read JSON file '" + file + "': " + e.getMessage(), e);
        }
        return new Parser(text, "'" + file + "'", "; repair the file or start a fresh run").parseDocument();
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    private static void writeValue(StringBuilder out, Object value, int indent, String path) {
        if (indent > MAX_DEPTH) {
            throw new IllegalArgumentException("value at " + path + " is nested deeper than " + MAX_DEPTH
                    + " levels; is there a cycle?");
        }
        if (isScalar(value)) {
            writeScalar(out, value, path);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, indent, path);
        } else {
            writeList(out, elements(value, path), indent, path);
        }
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Boolean || value instanceof Number
                || value instanceof CharSequence || value instanceof Enum<?> || value instanceof Character;
    }

    private static void writeScalar(StringBuilder out, Object value, String path) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("value at " + path + " is " + d
                        + ", which JSON cannot represent; write it as a string or null");
            }
            out.append(Double.toString(d));
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal big) {
            out.append(big.toString());
        } else if (value instanceof Number number) {
            // AtomicLong, LongAdder, ...: written through their double value.
            writeScalar(out, number.doubleValue(), path);
        } else if (value instanceof Enum<?> e) {
            quote(out, e.name());
        } else {
            quote(out, value.toString());
        }
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int indent, String path) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map at " + path + " has key '" + entry.getKey()
                        + "' of type " + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                        + "; JSON object keys must be strings");
            }
            indent(out, indent + 1);
            quote(out, key);
            out.append(": ");
            writeValue(out, entry.getValue(), indent + 1, path + "." + key);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        indent(out, indent);
        out.append('}');
    }

    private static void writeList(StringBuilder out, List<Object> list, int indent, String path) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        if (list.stream().allMatch(Json::isScalar)) {
            int start = out.length();
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                writeScalar(out, list.get(i), path + "[" + i + "]");
            }
            out.append(']');
            if (out.length() - start + 2 * indent <= INLINE_WIDTH) {
                return;
            }
            out.setLength(start);
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            indent(out, indent + 1);
            writeValue(out, list.get(i), indent + 1, path + "[" + i + "]");
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        indent(out, indent);
        out.append(']');
    }

    private static List<Object> elements(Object value, String path) {
        List<Object> list = new ArrayList<>();
        if (value instanceof Iterable<?> iterable) {
            iterable.forEach(list::add);
        } else if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(value, i));
            }
        } else {
            throw new IllegalArgumentException("value at " + path + " has type " + value.getClass().getName()
                    + ", which has no JSON form; convert it to a map, list, string, number or boolean");
        }
        return list;
    }

    private static void indent(StringBuilder out, int levels) {
        out.append("  ".repeat(levels));
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // An unpaired surrogate has no UTF-8 encoding; the escape keeps it intact.
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append(String.format("\\u%04x", (int) c));
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing

    private static final class Parser {

        private final String text;
        private final String source;
        private final String hint;
        private int pos;
        private int depth;

        Parser(String text, String source, String hint) {
            this.text = text;
            this.source = source;
            this.hint = hint;
        }

        Object parseDocument() {
            if (text.startsWith("\uFEFF")) {
                pos = 1;
            }
            skipWhitespace();
            Object value = parseValue();
            skipWhitespace();
            if (pos < text.length()) {
                throw error("unexpected text after the end of the document");
            }
            return value;
        }

        private Object parseValue() {
            if (pos >= text.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> parseObject();
                case '[' -> parseArray();
                case '"' -> parseString();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield parseNumber();
                    }
                    throw error("unexpected character '" + printable(c) + "', expected a value");
                }
            };
        }

        private Map<String, Object> parseObject() {
            enter();
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                depth--;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                int keyPos = pos;
                String key = parseString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = parseValue();
                if (map.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key \"" + key + "\"");
                }
                map.put(key, value);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    depth--;
                    return Collections.unmodifiableMap(map);
                } else {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> parseArray() {
            enter();
            pos++;
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                depth--;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(parseValue());
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    depth--;
                    return Collections.unmodifiableList(list);
                } else {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String parseString() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character '" + printable(c) + "' in a string must be escaped");
                }
                if (c != '\\') {
                    out.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(pos + 1);
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 6 > text.length()) {
                            throw error("incomplete \\u escape");
                        }
                        int code = 0;
                        for (int k = pos + 2; k < pos + 6; k++) {
                            int digit = Character.digit(text.charAt(k), 16);
                            if (digit < 0) {
                                throw error("invalid hex digit in \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                        pos += 4;
                    }
                    default -> throw error("invalid escape '\\" + printable(e) + "'");
                }
                pos += 2;
            }
        }

        private Number parseNumber() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("expected a digit");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after '.'");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent");
                }
                digits();
            }
            String literal = text.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    // Beyond the range of long: fall through to double.
                }
            }
            return Double.parseDouble(literal);
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected word, expected a value");
            }
            pos += word.length();
            return value;
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private DescentException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(pos, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new DescentException("invalid JSON in " + source + " at line " + line + ", column "
                    + column + ": " + what + hint);
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }
}
