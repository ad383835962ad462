package descent.datasets.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files byte by byte, for tests that need valid or broken ones. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** The pixel of image {@code i} at {@code (r, c)} used by {@link #images}: distinct and below 256. */
    public static int pixel(int i, int r, int c) {
        return (i * 31 + r * 7 + c * 3) % 256;
    }

    /** An IDX3 file of {@code count} images of {@code rows x columns} with {@link #pixel} values. */
    public static byte[] images(int count, int rows, int columns) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * columns);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    b.put((byte) pixel(i, r, c));
                }
            }
        }
        return b.array();
    }

    /** An IDX1 file holding {@code labels}. */
    public static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    /** {@code bytes} gzip-compressed. */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code n} bytes of {@code bytes}. */
    public static byte[] head(byte[] bytes, int n) {
        return java.util.Arrays.copyOf(bytes, n);
    }

    /** Writes {@code bytes} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
