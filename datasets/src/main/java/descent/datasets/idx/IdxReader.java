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
 * name; otherwise it is read as plain IDX. {@link #readImages(Path)} reads the whole file into
 * memory at once (the 60,000-image Fashion-MNIST training set is 47 MB decompressed and loads in
 * well under a second); {@link #streamImages} converts it to floats on the way, 64 KiB at a time.
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
        requireValidHeader(file, count, rows, columns);
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
        requireImageSize(file, images.rows(), images.columns(), rows, columns);
        return images;
    }

    /**
     * Streams the first {@code limit} images of an IDX3 file whose images must be
     * {@code rows x columns} as floats in 0..255 (the layout of {@link IdxImages#toFloats(int)})
     * into a buffer the caller provides once the count is known, without holding the file in
     * memory: the heap never holds more than 64 KiB of it. The whole file is still read and
     * checked, so every defect {@link #readImages(Path, int, int)} reports is reported here, in the
     * same words.
     *
     * @param limit how many images to write; 0 for all of them
     * @param target called once, when the header has been read: given the file's image count and
     *     the number {@code n} of images to be written, returns a buffer for at least
     *     {@code n * rows * columns} floats, which are written from its position 0; it may throw
     *     (a count that disagrees with a label file's, say)
     * @return the number of images written
     * @throws DescentException as {@link #readImages(Path, int, int)}
     * @throws IllegalArgumentException when {@code limit} is negative or the buffer is too small
     */
    public static int streamImages(Path file, int rows, int columns, int limit, FloatTarget target) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        requireFile(file);
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream buffered = new java.io.BufferedInputStream(raw, 1 << 16);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            try (InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered) {
                return streamImages(file, gzip, in, rows, columns, limit, target);
            } catch (EOFException e) {
                if (!gzip) {
                    throw e;
                }
                throw truncatedGzip(file, Files.size(file), e);
            } catch (ZipException e) {
                throw corruptGzip(file, e);
            }
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    private static int streamImages(Path file, boolean gzip, InputStream in, int rows, int columns, int limit,
            FloatTarget target) throws IOException {
        byte[] header = new byte[IMAGES_HEADER];
        int got = in.readNBytes(header, 0, IMAGES_HEADER);
        requireLength(file, got, gzip, 4, "an IDX3 image file", "magic number");
        requireMagic(file, header, IMAGES_MAGIC, "an IDX3 image file");
        requireLength(file, got, gzip, IMAGES_HEADER, "an IDX3 image file", "header");
        int count = intAt(header, 4);
        int fileRows = intAt(header, 8);
        int fileColumns = intAt(header, 12);
        requireValidHeader(file, count, fileRows, fileColumns);
        requireImageSize(file, fileRows, fileColumns, rows, columns);
        long pixels = (long) count * rows * columns;
        int n = IdxImages.clamp(limit, count);
        long wanted = (long) n * rows * columns;
        java.nio.FloatBuffer out = target.buffer(count, n);
        if (out.capacity() < wanted) {
            throw new IllegalArgumentException("buffer of " + out.capacity() + " floats for " + wanted + " pixels");
        }
        byte[] chunk = new byte[1 << 16];
        float[] floats = new float[chunk.length];
        long read = 0;
        while (true) {
            int k = in.read(chunk, 0, chunk.length);
            if (k < 0) {
                break;
            }
            if (read < wanted) {
                int use = (int) Math.min(k, wanted - read);
                for (int i = 0; i < use; i++) {
                    floats[i] = chunk[i] & 0xff;
                }
                out.put((int) read, floats, 0, use);
            }
            read += k;
        }
        requireSize(file, IMAGES_HEADER + read, gzip, IMAGES_HEADER + pixels, count + " images of " + rows + "x" + columns);
        return n;
    }

    /** Where {@link #streamImages} writes: a float buffer, asked for once the header is known. */
    @FunctionalInterface
    public interface FloatTarget {
        /**
         * @param count the number of images the file holds
         * @param images the number of images that will be written, at most {@code count}
         * @return a buffer for at least {@code images * rows * columns} floats
         */
        java.nio.FloatBuffer buffer(int count, int images);
    }

    private static void requireValidHeader(Path file, int count, int rows, int columns) {
        if (count < 0 || rows <= 0 || columns <= 0) {
            throw new DescentException("IDX file '" + file + "' has an invalid header: " + count + " images of "
                    + rows + "x" + columns + " pixels; the file is corrupt, download it again");
        }
    }

    private static void requireImageSize(Path file, int actualRows, int actualColumns, int rows, int columns) {
        if (actualRows != rows || actualColumns != columns) {
            throw new DescentException("IDX file '" + file + "' holds images of " + actualRows + "x"
                    + actualColumns + " pixels, expected " + rows + "x" + columns + "; it belongs to another data set");
        }
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
        requireSameCount(images.file(), images.count(), labels);
    }

    /**
     * Checks that {@code count} images read from {@code imagesFile} and the labels describe the
     * same examples.
     *
     * @throws DescentException naming both files when their counts differ
     */
    public static void requireSameCount(Path imagesFile, int count, IdxLabels labels) {
        if (count != labels.count()) {
            throw new DescentException("IDX file '" + imagesFile + "' holds " + count + " images but '"
                    + labels.file() + "' holds " + labels.count()
                    + " labels; both files must come from the same split");
        }
    }

    private record Content(byte[] bytes, boolean gzip) {
    }

    private static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new DescentException("IDX file '" + file + "' is a directory; give the path of the file itself");
        }
    }

    /** One line for a file that cannot be opened or read: missing, not permitted, or another I/O error. */
    private static DescentException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DescentException("IDX file '" + file.getFileName() + "' not found in '"
                    + parentOf(file) + "'; check the path or pass --data-dir with the directory that holds it", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DescentException("IDX file '" + file + "' cannot be read: permission denied", e);
        }
        return new DescentException("IDX file '" + file + "' cannot be read: " + oneLine(e), e);
    }

    private static DescentException truncatedGzip(Path file, long compressed, IOException e) {
        return new DescentException("IDX file '" + file + "' is a truncated gzip stream (" + compressed
                + " compressed bytes end early); download it again", e);
    }

    private static DescentException corruptGzip(Path file, IOException e) {
        return new DescentException("IDX file '" + file + "' is a corrupt gzip stream (" + oneLine(e)
                + "); download it again", e);
    }

    private static Content read(Path file) {
        byte[] raw;
        try {
            requireFile(file);
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw readFailure(file, e);
        } catch (OutOfMemoryError e) {
            throw new DescentException("IDX file '" + file + "' does not fit in memory; raise -Xmx", e);
        }
        if (raw.length < 2 || raw[0] != (byte) 0x1f || raw[1] != (byte) 0x8b) {
            return new Content(raw, false);
        }
        try {
            return new Content(gunzip(raw), true);
        } catch (EOFException e) {
            throw truncatedGzip(file, raw.length, e);
        } catch (ZipException e) {
            throw corruptGzip(file, e);
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
        requireLength(file, c.bytes.length, c.gzip, header, what, part);
    }

    private static void requireLength(Path file, long length, boolean gzip, int header, String what, String part) {
        if (length < header) {
            throw new DescentException("IDX file '" + file + "' is truncated: " + what + " needs a " + header
                    + "-byte " + part + ", found " + length + (gzip ? " decompressed" : "")
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
        requireSize(file, c.bytes.length, c.gzip, expected, declared);
    }

    private static void requireSize(Path file, long actual, boolean gzip, long expected, String declared) {
        String unit = gzip ? " decompressed bytes" : " bytes";
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
