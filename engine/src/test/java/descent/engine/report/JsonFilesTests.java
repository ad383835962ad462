package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What descent asks of its JSON (through jackson-jr): order, format, exact numbers, NaN refused, errors located. */
class JsonFilesTests {

    private static Map<String, Object> record() {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("id", "fashion-mnist");
        dataset.put("train", 55000);
        dataset.put("validation", 5000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", "first, though it sorts last");
        m.put("dataset", dataset);
        m.put("lr", 0.1);
        m.put("none", null);
        m.put("tags", List.of("a", "b\"c", "ü\n"));
        m.put("ok", true);
        return m;
    }

    @Test
    void writesInInsertionOrderTwoSpacesAndKeyColonValue() {
        String text = JsonFiles.write(record());
        assertThat(text).isEqualTo("""
                {
                  "zeta": "first, though it sorts last",
                  "dataset": {
                    "id": "fashion-mnist",
                    "train": 55000,
                    "validation": 5000
                  },
                  "lr": 0.1,
                  "none": null,
                  "tags": [
                    "a",
                    "b\\"c",
                    "ü\\n"
                  ],
                  "ok": true
                }
                """);
        assertThat(JsonFiles.write(record())).as("the same record twice, byte for byte").isEqualTo(text);
    }

    @Test
    void readsBackWhatItWroteInDocumentOrderWithEveryDoubleExact() {
        SplittableRandom r = new SplittableRandom(5);
        Map<String, Object> m = record();
        double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(r.nextLong()) ;
            if (!Double.isFinite(values[i])) {
                values[i] = r.nextDouble() * 1e300;
            }
        }
        m.put("values", values);
        m.put("big", Long.MAX_VALUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) JsonFiles.parse(JsonFiles.write(m));
        assertThat(back.keySet()).containsExactly("zeta", "dataset", "lr", "none", "tags", "ok", "values", "big");
        assertThat(back.get("tags")).isEqualTo(List.of("a", "b\"c", "ü\n"));
        assertThat(((Number) back.get("big")).longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(((Number) ((Map<?, ?>) back.get("dataset")).get("train")).intValue()).isEqualTo(55000);
        List<?> read = (List<?>) back.get("values");
        for (int i = 0; i < values.length; i++) {
            assertThat(((Number) read.get(i)).doubleValue()).isEqualTo(values[i]);
        }
    }

    @Test
    void refusesNaNInfinitiesAndNonStringKeysNamingThePath() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("loss", Double.NaN);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("results", inner);
        assertThatThrownBy(() -> JsonFiles.write(outer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN at $.results.loss");
        assertThatThrownBy(() -> JsonFiles.write(Map.of("xs", List.of(1.0, Double.POSITIVE_INFINITY)))).hasMessageContaining("at $.xs[1]");
        assertThatThrownBy(() -> JsonFiles.write(Map.of("xs", new double[] {Double.NEGATIVE_INFINITY}))).hasMessageContaining("at $.xs[0]");
        assertThatThrownBy(() -> JsonFiles.write(Map.of(1, "one"))).hasMessageContaining("keys must be strings");
    }

    @Test
    void aMalformedFileGetsOneLineWithTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\n  \"a\": 1,\n  \"b\": ]\n}\n");
        assertThatThrownBy(() -> JsonFiles.read(file)).isInstanceOf(DescentException.class)
                .hasMessageStartingWith("JSON file '" + file + "' is not valid JSON at line 3, column 8")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> JsonFiles.read(dir.resolve("missing.json"))).isInstanceOf(DescentException.class)
                .hasMessageContaining("does not exist");
        Files.writeString(file, "");
        assertThatThrownBy(() -> JsonFiles.read(file)).isInstanceOf(DescentException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> JsonFiles.parse("{\"a\": 1,}")).isInstanceOf(DescentException.class).hasMessageContaining("is not valid JSON");
    }

    @Test
    void writesAFileAtomicallyAndReadsItBack(@TempDir Path dir) {
        Path file = dir.resolve("compare.json");
        JsonFiles.write(file, record());
        assertThat(JsonFiles.read(file)).isEqualTo(JsonFiles.parse(JsonFiles.write(record())));
        assertThat(dir.toFile().list()).containsExactly("compare.json");
    }
}
