package descent.engine.checkpoint;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.engine.report.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes {@link Checkpoint}s as a zip: {@code meta.properties} (where the run stood),
 * {@code parameters.bin}, and for each of the two snapshots ({@code state/}, {@code schedule/}) one
 * {@code .bin} entry per array and a {@code numbers.properties}. Arrays use ND4J's binary format and
 * numbers their exact bit patterns, so a resumed run continues bit for bit. Written atomically: a
 * crash while writing leaves the previous checkpoint intact.
 */
public final class CheckpointFile {

    static final int FORMAT = 1;

    private CheckpointFile() {
    }

    /** Writes {@code c} to {@code file} atomically. */
    public static void write(Path file, Checkpoint c) {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            Properties meta = new Properties();
            meta.setProperty("format", Integer.toString(FORMAT));
            meta.setProperty("algorithm", c.algorithm());
            meta.setProperty("epoch", Integer.toString(c.epoch()));
            meta.setProperty("position", Integer.toString(c.position()));
            meta.setProperty("iteration", Long.toString(c.iteration()));
            meta.setProperty("gradientEvaluations", Long.toString(c.gradientEvaluations()));
            // Double.toString reads back to the same double: the resumed epoch's train loss is exact
            meta.setProperty("epochLoss", Double.toString(c.epochLoss()));
            putProperties(zip, "meta.properties", meta);
            putArray(zip, "parameters.bin", c.parameters());
            putSnapshot(zip, "state/", c.algorithmState());
            putSnapshot(zip, "schedule/", c.scheduleState());
            putSnapshot(zip, "run/", c.runState());
            zip.finish();
        });
    }

    /** Reads a checkpoint; a missing or damaged file is a {@link DescentException} naming it. */
    public static Checkpoint read(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new DescentException("no checkpoint at '" + file + "'; --resume needs the --out directory of an earlier run");
        } catch (ZipException | java.io.EOFException e) {
            throw new DescentException("checkpoint '" + file + "' is damaged (" + e.getMessage() + "); start the run again without --resume");
        } catch (IOException e) {
            throw new DescentException("could not read checkpoint '" + file + "': " + e.getMessage());
        }
        try {
            Properties meta = properties(entries, "meta.properties", file);
            int format = Integer.parseInt(meta.getProperty("format"));
            if (format != FORMAT) {
                throw new DescentException("checkpoint '" + file + "' has format " + format + ", this descent reads " + FORMAT);
            }
            return new Checkpoint(meta.getProperty("algorithm"),
                    Integer.parseInt(meta.getProperty("epoch")),
                    Integer.parseInt(meta.getProperty("position")),
                    Long.parseLong(meta.getProperty("iteration")),
                    Long.parseLong(meta.getProperty("gradientEvaluations")),
                    array(entries, "parameters.bin", file),
                    snapshot(entries, "state/", file),
                    snapshot(entries, "schedule/", file),
                    Double.parseDouble(meta.getProperty("epochLoss", "0")),
                    entries.containsKey("run/numbers.properties") ? snapshot(entries, "run/", file) : Snapshot.EMPTY);
        } catch (NumberFormatException | NullPointerException e) {
            throw new DescentException("checkpoint '" + file + "' is damaged (bad meta.properties); start the run again without --resume");
        }
    }

    private static void putProperties(ZipOutputStream zip, String name, Properties p) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, null);
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }

    private static void putArray(ZipOutputStream zip, String name, INDArray a) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            Nd4j.write(a, data);
        }
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }

    private static void putSnapshot(ZipOutputStream zip, String prefix, Snapshot s) throws IOException {
        Properties numbers = new Properties();
        for (Map.Entry<String, Double> e : s.numbers().entrySet()) {
            numbers.setProperty(e.getKey(), Long.toHexString(Double.doubleToRawLongBits(e.getValue())));
        }
        Properties names = new Properties();
        int i = 0;
        for (Map.Entry<String, INDArray> e : s.arrays().entrySet()) {
            String entry = "array" + i++ + ".bin";
            names.setProperty(entry, e.getKey());
            putArray(zip, prefix + entry, e.getValue());
        }
        putProperties(zip, prefix + "numbers.properties", numbers);
        putProperties(zip, prefix + "arrays.properties", names);
    }

    private static Properties properties(Map<String, byte[]> entries, String name, Path file) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new DescentException("checkpoint '" + file + "' is damaged (no " + name + "); start the run again without --resume");
        }
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new DescentException("checkpoint '" + file + "' is damaged (" + name + ")");
        }
        return p;
    }

    private static INDArray array(Map<String, byte[]> entries, String name, Path file) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new DescentException("checkpoint '" + file + "' is damaged (no " + name + "); start the run again without --resume");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        } catch (IOException | RuntimeException e) {
            throw new DescentException("checkpoint '" + file + "' is damaged (" + name + "); start the run again without --resume");
        }
    }

    private static Snapshot snapshot(Map<String, byte[]> entries, String prefix, Path file) {
        Snapshot.Builder b = Snapshot.builder();
        Properties names = properties(entries, prefix + "arrays.properties", file);
        for (String entry : new java.util.TreeSet<>(names.stringPropertyNames())) {
            b.array(names.getProperty(entry), array(entries, prefix + entry, file));
        }
        Properties numbers = properties(entries, prefix + "numbers.properties", file);
        for (String key : numbers.stringPropertyNames()) {
            b.number(key, Double.longBitsToDouble(Long.parseUnsignedLong(numbers.getProperty(key), 16)));
        }
        return b.build();
    }
}
