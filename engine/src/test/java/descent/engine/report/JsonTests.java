package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTests {

    @TempDir
    Path dir;

    private enum Device { CPU }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String text = "a\"b\\c/\n\r\t\b\f\u0000\u001f\u007f";
        assertThat(Json.write(text))
                .isEqualTo("\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\"\n");
        assertThat(Json.parse(Json.write(text))).isEqualTo(text);
    }

    @Test
    void writesNonAsciiAsItIsAndReadsItBack() {
        String text = "é ü 日本 ✓ 😀 \u2028";
        assertThat(Json.write(text)).isEqualTo("\"" + text + "\"\n");
        assertThat(Json.parse(Json.write(text))).isEqualTo(text);
    }

    @Test
    void escapesAnUnpairedSurrogateSoTheFileStaysValidUtf8() {
        String text = "x\uD800y\uDC00";
        assertThat(Json.write(text)).isEqualTo("\"x\\ud800y\\udc00\"\n");
        assertThat(Json.parse(Json.write(text))).isEqualTo(text);
    }

    @Test
    void parsesEveryEscapeIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\u00e9\\u00E9\\/\\ud83d\\ude00\\\"\"")).isEqualTo("éé/😀\"");
    }

    @Test
    void prettyPrintsNestedMapsInInsertionOrder() {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("id", "adams-pece");
        optimizer.put("lr", 0.001);
        optimizer.put("betas", List.of(0.9, 0.999));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("seed", 42);
        run.put("optimizer", optimizer);
        run.put("device", Device.CPU);
        run.put("resumed", false);
        run.put("note", null);
        run.put("tags", List.of());
        run.put("extra", Map.of());
        run.put("epochs", List.of(Map.of("loss", 0.5)));

        assertThat(Json.write(run)).isEqualTo("""
                {
                  "seed": 42,
                  "optimizer": {
                    "id": "adams-pece",
                    "lr": 0.001,
                    "betas": [0.9, 0.999]
                  },
                  "device": "CPU",
                  "resumed": false,
                  "note": null,
                  "tags": [],
                  "extra": {},
                  "epochs": [
                    {
                      "loss": 0.5
                    }
                  ]
                }
                """);
    }

    @Test
    void breaksAListOfScalarsThatIsTooLongForOneLine() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(1000 + i);
        }
        String json = Json.write(Map.of("xs", many));
        assertThat(json.lines()).hasSize(44).allMatch(line -> line.length() <= 100);
        assertThat(Json.parse(json)).isEqualTo(Map.of("xs", many.stream().map(Integer::longValue).toList()));
    }

    @Test
    void roundTripsANestedStructure() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1L);
        inner.put("a", List.of(true, false, "s"));
        inner.put("n", null);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("config", inner);
        value.put("matrix", List.of(List.of(1L, 2L), List.of(), List.of(Map.of("k", -3.5))));
        value.put("big", Long.MAX_VALUE);
        value.put("neg", -0.0);

        Object parsed = Json.parse(Json.write(value));
        assertThat(parsed).isEqualTo(value);
        assertThat(List.copyOf(((Map<?, ?>) parsed).keySet())).isEqualTo(List.of("config", "matrix", "big", "neg"));
        assertThat(List.copyOf(((Map<?, ?>) ((Map<?, ?>) parsed).get("config")).keySet())).isEqualTo(List.of("z", "a", "n"));
    }

    @Test
    void writesArraysLikeLists() {
        assertThat(Json.write(new int[] {1, 2})).isEqualTo("[1, 2]\n");
        assertThat(Json.write(new double[0])).isEqualTo("[]\n");
        assertThat(Json.write(new String[] {"a"})).isEqualTo("[\"a\"]\n");
    }

    @Test
    void readsBackEveryFiniteDoubleExactly() {
        Random random = new Random(7);
        double[] values = new double[500];
        for (int i = 0; i < values.length; i++) {
            double v;
            do {
                v = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(v));
            values[i] = v;
        }
        List<?> parsed = (List<?>) Json.parse(Json.write(values));
        assertThat(parsed.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray()).containsExactly(values);
        assertThat(parsed).allMatch(o -> o instanceof Double);
    }

    @Test
    void parsesIntegersAsLongsAndTheRestAsDoubles() {
        assertThat(Json.parse("[0, -7, 9223372036854775807, 9223372036854775808, 1.5, 2e3, -0]"))
                .isEqualTo(List.of(0L, -7L, Long.MAX_VALUE, 9.223372036854775808e18, 1.5, 2000.0, 0L));
    }

    @Test
    void rejectsNaNAndInfinityNamingThePath() {
        assertThatThrownBy(() -> Json.write(Map.of("optimizer", Map.of("lr", Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value at $.optimizer.lr is NaN");
        assertThatThrownBy(() -> Json.write(List.of(1.0, Float.NEGATIVE_INFINITY)))
                .hasMessageContaining("value at $[1] is -Infinity");
    }

    @Test
    void rejectsNonStringKeysAndUnsupportedTypes() {
        assertThatThrownBy(() -> Json.write(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object keys must be strings");
        assertThatThrownBy(() -> Json.write(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value at $.when has type java.lang.Object");
    }

    @Test
    void reportsTheLineAndColumnOfASyntaxError() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("at line 3, column 7: expected ':'");
    }

    @Test
    void rejectsMalformedDocuments() {
        for (String bad : Arrays.asList("", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"x", "\"\t\"",
                "\"\\x\"", "\"\\u12\"", "{\"a\":1}x", "{a:1}", "[1 2]", "{\"a\":1,\"a\":2}", "NaN")) {
            assertThatThrownBy(() -> Json.parse(bad))
                    .as("parse(%s)", bad)
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("invalid JSON");
        }
    }

    @Test
    void rejectsNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("nested deeper than 512 levels");
    }

    @Test
    void returnsUnmodifiableCollections() {
        Map<?, ?> map = (Map<?, ?>) Json.parse("{\"a\": [1]}");
        assertThatThrownBy(() -> map.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) map.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void writesAndReadsAFile() throws IOException {
        Path file = dir.resolve("run.json");
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", "mnist ✓");
        run.put("epochs", 10L);
        Json.write(file, run);
        assertThat(Files.readString(file)).startsWith("{\n  \"name\": \"mnist ✓\"");
        assertThat(Json.read(file)).isEqualTo(run);

        Files.writeString(file, "{\"a\": }");
        assertThatThrownBy(() -> Json.read(file))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("invalid JSON in '" + file + "' at line 1, column 7")
                .hasMessageContaining("repair the file");
    }
}
