package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTableTests {

    @TempDir
    Path dir;

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void writesTheHeaderAtCreationAndTheFileAfterEveryRow() throws IOException {
        Path file = dir.resolve("metrics.csv");
        MetricsTable table = MetricsTable.create(file, List.of("epoch", "train_loss"));
        assertThat(Files.readString(file)).isEqualTo("epoch,train_loss\n");

        table.append(row("epoch", 1, "train_loss", 0.5));
        assertThat(Files.readString(file)).isEqualTo("epoch,train_loss\n1,0.5\n");

        table.append(row("epoch", 2, "train_loss", 0.25));
        assertThat(Files.readString(file)).isEqualTo("epoch,train_loss\n1,0.5\n2,0.25\n");
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void readsBackEveryDoubleExactly() {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("v"));
        Random random = new Random(42);
        double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i) {
                case 0 -> 0.1;
                case 1 -> 1.0 / 3;
                case 2 -> Double.MIN_VALUE;
                case 3 -> -Double.MAX_VALUE;
                case 4 -> 1e-5;
                case 5 -> Double.NaN;
                case 6 -> Double.POSITIVE_INFINITY;
                default -> Double.longBitsToDouble(random.nextLong() >>> 2) * (random.nextBoolean() ? 1 : -1);
            };
            table.append(Map.of("v", values[i]));
        }
        assertThat(MetricsTable.read(file).column("v")).containsExactly(values);
    }

    @Test
    void writesIntegersAsIntegersAndFloatsThroughTheirDoubleValue() throws IOException {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("epoch", "lr", "ok"));
        table.append(row("epoch", 3L, "lr", 0.001f, "ok", true));
        assertThat(Files.readAllLines(file).get(1)).isEqualTo("3," + (double) 0.001f + ",true");
    }

    @Test
    void addsColumnsThatARowIntroducesAtTheEndWithEmptyCellsBefore() throws IOException {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("epoch", "loss"));
        table.append(row("epoch", 1, "loss", 2.0));
        table.append(row("epoch", 2, "loss", 1.0, "layer1_lr", 0.01, "layer2_lr", 0.02));
        table.append(row("epoch", 3, "layer2_lr", 0.03));

        assertThat(Files.readString(file)).isEqualTo("""
                epoch,loss,layer1_lr,layer2_lr
                1,2.0,,
                2,1.0,0.01,0.02
                3,,,0.03
                """);
        MetricsTable read = MetricsTable.read(file);
        assertThat(read.columns()).containsExactly("epoch", "loss", "layer1_lr", "layer2_lr");
        assertThat(read.column("layer1_lr")).containsExactly(Double.NaN, 0.01, Double.NaN);
    }

    @Test
    void quotesTextThatNeedsItAndReadsItBack() {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("name", "note"));
        List<String> texts = List.of("plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "crlf\r\nend");
        for (String text : texts) {
            table.append(row("name", "x", "note", text));
        }
        MetricsTable read = MetricsTable.read(file);
        assertThat(read.rows()).extracting(r -> r.get("note")).containsExactlyElementsOf(texts);
    }

    @Test
    void keepsAnEmptyCellOfASingleColumnTable() {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("only"));
        table.append(row("only", null));
        table.append(row("only", 1));
        assertThat(MetricsTable.read(file).column("only")).containsExactly(Double.NaN, 1.0);
    }

    @Test
    void resumeKeepsTheRowsOfCheckpointedEpochsAndAppendsAfterThem() throws IOException {
        Path file = dir.resolve("m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("epoch", "loss"));
        for (int epoch = 1; epoch <= 5; epoch++) {
            table.append(row("epoch", epoch, "loss", 1.0 / epoch));
        }

        MetricsTable resumed = MetricsTable.resume(file, r -> r.number("epoch") <= 3);
        assertThat(resumed.size()).isEqualTo(3);
        assertThat(MetricsTable.read(file).size()).isEqualTo(3);
        resumed.append(row("epoch", 4, "loss", 0.2));

        assertThat(Files.readString(file)).isEqualTo("epoch,loss\n1,1.0\n2,0.5\n3,0.3333333333333333\n4,0.2\n");
    }

    @Test
    void readsACsvWithWindowsLineEndingsAndAByteOrderMark() throws IOException {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "\uFEFFepoch,loss\r\n1,0.5\r\n2,0.25\r\n");
        MetricsTable table = MetricsTable.read(file);
        assertThat(table.columns()).containsExactly("epoch", "loss");
        assertThat(table.column("loss")).containsExactly(0.5, 0.25);
    }

    @Test
    void padsShortRowsAndRejectsRowsWithTooManyCells() throws IOException {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "a,b\n1\n");
        assertThat(MetricsTable.read(file).column("b")).containsExactly(Double.NaN);

        Files.writeString(file, "a,b\n1,2\n1,2,3\n");
        assertThatThrownBy(() -> MetricsTable.read(file))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'" + file + "' line 3 has 3 cells but the header has 2 columns");
    }

    @Test
    void rejectsAnUnclosedQuote() throws IOException {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "a\n\"open\n");
        assertThatThrownBy(() -> MetricsTable.read(file))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("unclosed quote starting on line 2");
    }

    @Test
    void namesAMissingFile() {
        Path file = dir.resolve("missing.csv");
        assertThatThrownBy(() -> MetricsTable.read(file))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("metrics file '" + file + "' does not exist");
    }

    @Test
    void listsTheKnownColumnsWhenAskedForAnUnknownOne() {
        MetricsTable table = MetricsTable.create(dir.resolve("m.csv"), List.of("epoch", "loss"));
        assertThatThrownBy(() -> table.column("acc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'acc'")
                .hasMessageContaining("known: epoch, loss");
    }

    @Test
    void rejectsRepeatedAndBlankColumnNames() {
        assertThatThrownBy(() -> MetricsTable.create(dir.resolve("m.csv"), List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'a' appears twice");
        MetricsTable table = MetricsTable.create(dir.resolve("n.csv"), List.of("a"));
        assertThatThrownBy(() -> table.append(row(" ", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
        assertThat(table.columns()).containsExactly("a");
    }

    @Test
    void leavesTheTableUnchangedWhenARowCannotBeWritten() throws IOException {
        Path file = dir.resolve("sub/m.csv");
        MetricsTable table = MetricsTable.create(file, List.of("a"));
        table.append(row("a", 1));
        // Replace the file by a non-empty directory, so the next atomic rename fails.
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker"));

        assertThatThrownBy(() -> table.append(row("a", 2, "b", 3)))
                .isInstanceOf(DescentException.class);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.columns()).containsExactly("a");
    }
}
