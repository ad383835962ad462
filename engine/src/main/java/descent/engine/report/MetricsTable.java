package descent.engine.report;

import descent.api.DescentException;
import java.io.IOException;
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
import java.util.function.Predicate;

/**
 * A table of metrics, one row per epoch, kept in a CSV file that is rewritten atomically (with
 * {@link AtomicFiles}) after every appended row, so a crash at any moment leaves a complete, valid
 * file holding the rows appended so far.
 *
 * <p><b>Columns.</b> The columns given at creation come first, in that order. A row may name columns
 * that the table does not have yet (a trainer's diagnostics such as {@code layer1_lr} appear only
 * once the first epoch has run): they are added at the end, in the row's order, and earlier rows
 * have empty cells there. Since the whole file is rewritten after each row, the header is always
 * complete. A row that leaves out a column has an empty cell there.
 *
 * <p><b>Cells.</b> {@link Double} and {@link Float} values are written with {@link
 * Double#toString(double)} (so {@code 0.1}, {@code 1.0E-5}, {@code NaN}, {@code Infinity}), which
 * reads back to exactly the same {@code double}; other {@link Number}s with their {@code toString}
 * (integers stay integers), booleans as {@code true}/{@code false}, {@code null} as an empty cell, and
 * anything else with {@code toString()}. Text is quoted as RFC 4180 says (when it holds a comma, a
 * quote or a line break). Lines end with {@code \n}; the file is UTF-8.
 *
 * <p><b>Order of use.</b> A new run calls {@link #create}; a resumed run calls {@link #resume} with
 * the rows to keep (those of the epochs its checkpoint covers); both then call {@link #append} after
 * every epoch. The {@code compare} command and the plots call {@link #read}. Rewriting the whole file
 * costs time linear in the number of rows, which is negligible for per-epoch rows; do not append a
 * row per mini-batch.
 *
 * <p>Not thread-safe: one training loop owns a table.
 *
 * <p>Stability: experimental.
 */
public final class MetricsTable {

    private final Path file;
    private final List<String> columns;
    private final List<Map<String, String>> rows;

    private MetricsTable(Path file, List<String> columns, List<Map<String, String>> rows) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Starts a new table, replacing any file at {@code file}, and writes its header at once.
     *
     * @param file the CSV file, not null
     * @param columns the first columns, in order; not null, no duplicates, no blank names; may be
     *     empty when all columns come with the first row
     * @return the table, bound to {@code file}
     * @throws DescentException if the file cannot be written
     * @throws IllegalArgumentException if a column name is blank or repeated
     */
    public static MetricsTable create(Path file, List<String> columns) {
        Objects.requireNonNull(file, "file");
        List<String> header = new ArrayList<>();
        for (String column : columns) {
            addColumn(header, column);
        }
        MetricsTable table = new MetricsTable(file, header, new ArrayList<>());
        table.save();
        return table;
    }

    /**
     * Reads a table from a CSV file written by this class (or any CSV file with a header row).
     * Appending to the result rewrites {@code file}.
     *
     * @param file the CSV file, not null
     * @return the table with all the file's rows
     * @throws DescentException if the file is missing, unreadable, empty or malformed
     */
    public static MetricsTable read(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DescentException("metrics file '" + file + "' does not exist; check the run directory", e);
        } catch (IOException e) {
            throw new DescentException("cannot read metrics file '" + file + "': " + e.getMessage(), e);
        }
        List<List<String>> records = Csv.parse(text, file);
        if (records.isEmpty()) {
            throw new DescentException("metrics file '" + file + "' is empty; it needs at least a header line");
        }
        List<String> header = new ArrayList<>();
        for (String column : records.get(0)) {
            try {
                addColumn(header, column);
            } catch (IllegalArgumentException e) {
                throw new DescentException("metrics file '" + file + "' has a bad header: " + e.getMessage(), e);
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i);
            if (cells.size() > header.size()) {
                throw new DescentException("metrics file '" + file + "' line " + (i + 1) + " has "
                        + cells.size() + " cells but the header has " + header.size()
                        + " columns; repair or delete the file");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < cells.size() ? cells.get(c) : "");
            }
            rows.add(row);
        }
        return new MetricsTable(file, header, rows);
    }

    /**
     * Reopens the table of an interrupted run, keeping only the rows that {@code keep} accepts, and
     * rewrites the file with them. A run resumed from the checkpoint of epoch 5 keeps
     * {@code row -> row.number("epoch") <= 5}, dropping rows written after that checkpoint.
     *
     * @param file the CSV file, not null
     * @param keep which rows to keep, not null
     * @return the table, bound to {@code file}
     * @throws DescentException if the file is missing, unreadable or malformed, or cannot be rewritten
     */
    public static MetricsTable resume(Path file, Predicate<Row> keep) {
        Objects.requireNonNull(keep, "keep");
        MetricsTable table = read(file);
        table.rows.removeIf(row -> !keep.test(new Row(Collections.unmodifiableMap(row))));
        table.save();
        return table;
    }

    /**
     * Appends a row and rewrites the file atomically. Keys not yet in the table become new columns
     * at the end, in the order of the map's iteration (use a {@link LinkedHashMap}); columns the row
     * leaves out get an empty cell.
     *
     * @param values cells by column name, not null; values may be null (an empty cell)
     * @throws DescentException if the file cannot be written; the row is then not added
     * @throws IllegalArgumentException if a new column name is blank
     */
    public void append(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        List<String> newColumns = new ArrayList<>(columns);
        Map<String, String> row = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            if (!newColumns.contains(entry.getKey())) {
                addColumn(newColumns, entry.getKey());
            }
            row.put(entry.getKey(), format(entry.getValue()));
        }
        List<String> oldColumns = List.copyOf(columns);
        columns.clear();
        columns.addAll(newColumns);
        rows.add(row);
        try {
            save();
        } catch (RuntimeException e) {
            rows.remove(rows.size() - 1);
            columns.clear();
            columns.addAll(oldColumns);
            throw e;
        }
    }

    /** Returns the file this table is written to. */
    public Path file() {
        return file;
    }

    /** Returns the column names in file order; an unmodifiable copy. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** Returns the number of rows, not counting the header. */
    public int size() {
        return rows.size();
    }

    /** Returns the rows in order, as read-only views that see columns added later as empty. */
    public List<Row> rows() {
        List<Row> result = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            result.add(new Row(Collections.unmodifiableMap(row)));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Returns one column as numbers, one per row, {@code NaN} where a cell is empty or not a number.
     *
     * @param column a column name
     * @return a new array of length {@link #size()}
     * @throws IllegalArgumentException if there is no such column; the message lists the columns
     */
    public double[] column(String column) {
        requireColumn(column);
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseNumber(rows.get(i).getOrDefault(column, ""));
        }
        return values;
    }

    /** Returns whether the table has a column of that name. */
    public boolean hasColumn(String column) {
        return columns.contains(column);
    }

    private void requireColumn(String column) {
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in metrics file '" + file
                    + "'; known: " + String.join(", ", columns));
        }
    }

    private void save() {
        StringBuilder out = new StringBuilder(64 * (rows.size() + 1));
        Csv.appendRecord(out, columns);
        List<String> cells = new ArrayList<>(columns.size());
        for (Map<String, String> row : rows) {
            cells.clear();
            for (String column : columns) {
                cells.add(row.getOrDefault(column, ""));
            }
            Csv.appendRecord(out, cells);
        }
        AtomicFiles.writeString(file, out);
    }

    private static void addColumn(List<String> header, String column) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank, got '" + column + "'");
        }
        if (header.contains(column)) {
            throw new IllegalArgumentException("column '" + column + "' appears twice; column names must be unique");
        }
        header.add(column);
    }

    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return Double.toString(((Number) value).doubleValue());
        }
        return value.toString();
    }

    static double parseNumber(String cell) {
        if (cell == null || cell.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * One row of a table: cells by column name, as text.
     *
     * <p>Stability: experimental.
     *
     * @param cells the cells by column name, read-only
     */
    public record Row(Map<String, String> cells) {

        /** Validates and keeps the cells; the map is not copied. */
        public Row {
            Objects.requireNonNull(cells, "cells");
        }

        /** Returns the cell of {@code column} as text, empty if the row has no such cell. */
        public String get(String column) {
            return cells.getOrDefault(column, "");
        }

        /** Returns the cell of {@code column} as a number, {@code NaN} if empty or not a number. */
        public double number(String column) {
            return parseNumber(cells.get(column));
        }
    }

    /** RFC 4180 records: fields quoted when needed, {@code ""} for a quote inside a quoted field. */
    static final class Csv {

        private Csv() {}

        static void appendRecord(StringBuilder out, List<String> cells) {
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                // A bare empty line would read back as no record at all.
                out.append("\"\"\n");
                return;
            }
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                String cell = cells.get(i);
                if (needsQuotes(cell)) {
                    out.append('"').append(cell.replace("\"", "\"\"")).append('"');
                } else {
                    out.append(cell);
                }
            }
            out.append('\n');
        }

        private static boolean needsQuotes(String cell) {
            if (cell.isEmpty()) {
                return false;
            }
            for (int i = 0; i < cell.length(); i++) {
                char c = cell.charAt(i);
                if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                    return true;
                }
            }
            // Leading or trailing blanks survive a round trip only when quoted in many readers.
            return Character.isWhitespace(cell.charAt(0)) || Character.isWhitespace(cell.charAt(cell.length() - 1));
        }

        static List<List<String>> parse(String text, Path file) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = text.startsWith("\uFEFF") ? 1 : 0;
            int line = 1;
            boolean atRecordStart = true;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && field.length() == 0) {
                    int start = line;
                    i++;
                    while (true) {
                        if (i >= text.length()) {
                            throw new DescentException("metrics file '" + file + "' has an unclosed quote starting on line "
                                    + start + "; repair or delete the file");
                        }
                        char q = text.charAt(i);
                        if (q == '"') {
                            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (q == '\n') {
                            line++;
                        }
                        field.append(q);
                        i++;
                    }
                    if (i < text.length() && ",\r\n".indexOf(text.charAt(i)) < 0) {
                        throw new DescentException("metrics file '" + file + "' line " + line
                                + " has text after a closing quote; repair or delete the file");
                    }
                    atRecordStart = false;
                    continue;
                }
                if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                    atRecordStart = false;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    if (!atRecordStart || field.length() > 0) {
                        record.add(field.toString());
                        records.add(record);
                    }
                    record = new ArrayList<>();
                    field.setLength(0);
                    atRecordStart = true;
                    i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                    line++;
                } else {
                    field.append(c);
                    atRecordStart = false;
                    i++;
                }
            }
            if (!atRecordStart || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }
    }
}
