package descent.datasets.idx;

import descent.api.DescentException;
import descent.api.Stability;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (a magic number whose
 * low byte is the number of dimensions, then one 32-bit size per dimension) followed by unsigned
 * bytes. IDX3 image files (magic 2051) hold {@code count x rows x columns} pixels, IDX1 label files
 * (magic 2049) one byte per example.
 *
 * <p>A file is gzip-compressed when it starts with the gzip magic bytes {@code 1f 8b}, whatever its
 * name; otherwise it is read as plain IDX. The whole file is read into memory at once (the
 * 60,000-image Fashion-MNIST training set is 47 MB decompressed and loads in well under a second).
 *
 * <p>Every defect a user can meet (a missing or unreadable file, a wrong magic number, a truncated
 * file or gzip stream, trailing bytes, unexpected dimensions, a label out of range, image and label
 * counts that disagree) is reported as one {@link DescentException} with a one-line message that
 * names the file; no {@link java.io.EOFException} or {@link ZipException} escapes. Stateless and
 * thread-safe.
 */
@Stability(Stability.Level.STABLE)
public final class IdxReader {

    /** Magic number of an IDX3 file of unsigned bytes: {@code 00 00 08 03}. */
    public static final int IMAGES_MAGIC = 0x0803;

    /** Magic number of an IDX1 file of unsigned bytes: {@code 00 00 08 01}. */
    public static final int LABELS_MAGIC = 0x0801;

    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxReader() {
    }

    /**
     * Reads an IDX3 image file of any image size.
     *
     * @param file the file, gzip-compressed or plain
     * @return the images, owning a fresh buffer
     * @throws DescentException naming the file when it is missing, unreadable, not an IDX3 file, or
     *     truncated
     */
    public static IdxImages readImages(Path file) {
        Content c = read(file);
        byte[] b = c.bytes;
        requireLength(file, c, 4, "an IDX3 image file", "magic number");
        requireMagic(file, b, IMAGES_MAGIC, "an IDX3 image file");
        requireLength(file, c, IMAGES_HEADER, "an IDX3 image file", "header");
        int count = intAt(b, 4);
        int rows = intAt(b, 8);
        int columns = intAt(b, 12);
        if (count < 0 || rows <= 0 || columns <= 0) {
            throw new DescentException("IDX file '" + file + "' has an invalid header: " + count + " images of "
                    + rows + "x" + columns + " pixels; the file is corrupt, download it again");
        }
        long expected = IMAGES_HEADER + (long) count * rows * columns;
        requireSize(file, c, expected, count + " images of " + rows + "x" + columns);
        return new IdxImages(file, count, rows, columns, b, IMAGES_HEADER);
    }

    /**
     * Reads an IDX3 image file whose images must be {@code rows x columns}.
     *
     * @throws DescentException naming the file for every defect {@link #readImages(Path)} reports,
     *     and when the images have another size
     */
    public static IdxImages readImages(Path file, int rows, int columns) {
        IdxImages images = readImages(file);
        if (images.rows() != rows || images.columns() != columns) {
            throw new DescentException("IDX file '" + file + "' holds images of " + images.rows() + "x"
                    + images.columns() + " pixels, expected " + rows + "x" + columns + "; it belongs to another data set");
        }
        return images;
    }

    /**
     * Reads an IDX1 label file.
     *
     * @param file the file, gzip-compressed or plain
     * @return the labels, owning a fresh buffer
     * @throws DescentException naming the file when it is missing, unreadable, not an IDX1 file, or
     *     truncated
     */
    public static IdxLabels readLabels(Path file) {
        Content c = read(file);
        byte[] b = c.bytes;
        requireLength(file, c, 4, "an IDX1 label file", "magic number");
        requireMagic(file, b, LABELS_MAGIC, "an IDX1 label file");
        requireLength(file, c, LABELS_HEADER, "an IDX1 label file", "header");
        int count = intAt(b, 4);
        if (count < 0) {
            throw new DescentException("IDX file '" + file + "' has an invalid header: " + count
                    + " labels; the file is corrupt, download it again");
        }
        requireSize(file, c, LABELS_HEADER + (long) count, count + " labels");
        return new IdxLabels(file, count, b, LABELS_HEADER);
    }

    /**
     * Reads an IDX1 label file whose labels must lie in {@code 0..classes-1}.
     *
     * @throws DescentException naming the file for every defect {@link #readLabels(Path)} reports,
     *     and naming the first label out of range and its index
     */
    public static IdxLabels readLabels(Path file, int classes) {
        IdxLabels labels = readLabels(file);
        for (int i = 0; i < labels.count(); i++) {
            int label = labels.label(i);
            if (label >= classes) {
                throw new DescentException("IDX file '" + file + "' has label " + label + " at index " + i
                        + ", expected 0.." + (classes - 1) + "; it belongs to another data set");
            }
        }
        return labels;
    }

    /**
     * Checks that an image file and a label file describe the same examples.
     *
     * @throws DescentException naming both files when their counts differ
     */
    public static void requireSameCount(IdxImages images, IdxLabels labels) {
        if (images.count() != labels.count()) {
            throw new DescentException("IDX file '" + images.file() + "' holds " + images.count() + " images but '"
                    + labels.file() + "' holds " + labels.count()
                    + " labels; both files must come from the same split");
        }
    }

    private record Content(byte[] bytes, boolean gzip) {
    }

    private static Content read(Path file) {
        byte[] raw;
        try {
            if (Files.isDirectory(file)) {
                throw new DescentException("IDX file '" + file + "' is a directory; give the path of the file itself");
            }
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DescentException("IDX file '" + file.getFileName() + "' not found in '"
                    + parentOf(file) + "'; check the path or pass --data-dir with the directory that holds it", e);
        } catch (AccessDeniedException e) {
            throw new DescentException("IDX file '" + file + "' cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DescentException("IDX file '" + file + "' cannot be read: " + oneLine(e), e);
        } catch (OutOfMemoryError e) {
            throw new DescentException("IDX file '" + file + "' does not fit in memory; raise -Xmx", e);
        }
        if (raw.length < 2 || raw[0] != (byte) 0x1f || raw[1] != (byte) 0x8b) {
            return new Content(raw, false);
        }
        try {
            return new Content(gunzip(raw), true);
        } catch (EOFException e) {
            throw new DescentException("IDX file '" + file + "' is a truncated gzip stream (" + raw.length
                    + " compressed bytes end early); download it again", e);
        } catch (ZipException e) {
            throw new DescentException("IDX file '" + file + "' is a corrupt gzip stream (" + oneLine(e)
                    + "); download it again", e);
        } catch (IOException e) {
            throw new DescentException("IDX file '" + file + "' cannot be decompressed: " + oneLine(e), e);
        }
    }

    /**
     * The decompressed bytes. The gzip trailer's ISIZE is the decompressed length (mod 2^32): they
     * are read into one array of that size rather than letting readAllBytes grow and copy buffers
     * (twice the 47 MB of Fashion-MNIST's images on the heap). A stream the trailer does not
     * describe (several members, say) is read again the general way.
     */
    private static byte[] gunzip(byte[] raw) throws IOException {
        int n = raw.length;
        long size = n < 18 ? -1 : (raw[n - 4] & 0xffL) | (raw[n - 3] & 0xffL) << 8 | (raw[n - 2] & 0xffL) << 16 | (raw[n - 1] & 0xffL) << 24;
        if (size > 0 && size < Integer.MAX_VALUE - 16) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                byte[] out = new byte[(int) size];
                if (in.readNBytes(out, 0, out.length) == out.length && in.read() == -1) {
                    return out;
                }
            }
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        }
    }

    private static void requireLength(Path file, Content c, int header, String what, String part) {
        if (c.bytes.length < header) {
            throw new DescentException("IDX file '" + file + "' is truncated: " + what + " needs a " + header
                    + "-byte " + part + ", found " + c.bytes.length + (c.gzip ? " decompressed" : "")
                    + " bytes; download it again");
        }
    }

    private static void requireMagic(Path file, byte[] b, int magic, String what) {
        int found = intAt(b, 0);
        if (found != magic) {
            String hint = found == IMAGES_MAGIC ? "; it looks like an IDX3 image file"
                    : found == LABELS_MAGIC ? "; it looks like an IDX1 label file" : "";
            throw new DescentException("IDX file '" + file + "' is not " + what + ": magic number " + found
                    + String.format(" (0x%08x)", found) + ", expected " + magic + String.format(" (0x%08x)", magic) + hint);
        }
    }

    private static void requireSize(Path file, Content c, long expected, String declared) {
        long actual = c.bytes.length;
        String unit = c.gzip ? " decompressed bytes" : " bytes";
        if (actual < expected) {
            throw new DescentException("IDX file '" + file + "' is truncated: its header declares " + declared
                    + ", which needs " + expected + unit + ", found " + actual + unit + "; download it again");
        }
        if (actual > expected) {
            throw new DescentException("IDX file '" + file + "' has " + (actual - expected) + " bytes after the "
                    + declared + " its header declares (expected " + expected + unit + ", found " + actual
                    + "); the file is corrupt, download it again");
        }
    }

    private static int intAt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16) | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }

    private static String parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? "/" : parent.toString();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
