package descent.datasets.idx;

import descent.api.Stability;
import java.nio.file.Path;

/**
 * The images of one IDX3 file: {@code count} images of {@code rows x columns} unsigned-byte pixels,
 * stored row-major. Immutable; {@link #toFloats} returns a new array the caller owns.
 */
@Stability(Stability.Level.STABLE)
public final class IdxImages {

    private final Path file;
    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] data;
    private final int offset;

    IdxImages(Path file, int count, int rows, int columns, byte[] data, int offset) {
        this.file = file;
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.data = data;
        this.offset = offset;
    }

    /** The file these images came from. */
    public Path file() {
        return file;
    }

    /** Number of images. */
    public int count() {
        return count;
    }

    /** Rows per image. */
    public int rows() {
        return rows;
    }

    /** Columns per image. */
    public int columns() {
        return columns;
    }

    /** Pixels per image, {@code rows * columns}. */
    public int pixelsPerImage() {
        return rows * columns;
    }

    /**
     * One pixel, 0..255.
     *
     * @throws IndexOutOfBoundsException when an index lies outside the images
     */
    public int pixel(int image, int row, int column) {
        if (image < 0 || image >= count || row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("pixel (" + image + ", " + row + ", " + column + ") outside "
                    + count + " images of " + rows + "x" + columns);
        }
        return data[offset + (image * rows + row) * columns + column] & 0xff;
    }

    /** Every pixel of every image as a float in 0..255, one image after another, each row-major. */
    public float[] toFloats() {
        return toFloats(count);
    }

    /**
     * The first {@code limit} images (all of them when {@code limit} is 0 or at least
     * {@link #count()}) as floats in 0..255, one image after another, each row-major; the layout of
     * a {@code [n, rows * columns]} C-order matrix.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public float[] toFloats(int limit) {
        int n = clamp(limit, count);
        float[] out = new float[Math.multiplyExact(n, pixelsPerImage())];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[offset + i] & 0xff;
        }
        return out;
    }

    /**
     * {@link #toFloats(int)} written into {@code out} from its position {@code 0} instead of into
     * a new array (a native buffer, so that loading never holds the pixels twice on the heap).
     *
     * @return the number of images written
     * @throws IllegalArgumentException when {@code limit} is negative or {@code out} is too small
     */
    public int writeFloats(int limit, java.nio.FloatBuffer out) {
        int n = clamp(limit, count);
        int length = Math.multiplyExact(n, pixelsPerImage());
        if (out.capacity() < length) {
            throw new IllegalArgumentException("buffer of " + out.capacity() + " floats for " + length + " pixels");
        }
        float[] row = new float[pixelsPerImage()];
        for (int image = 0; image < n; image++) {
            int from = offset + image * row.length;
            for (int i = 0; i < row.length; i++) {
                row[i] = data[from + i] & 0xff;
            }
            out.put(image * row.length, row);
        }
        return n;
    }

    static int clamp(int limit, int count) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return limit == 0 ? count : Math.min(limit, count);
    }

    @Override
    public String toString() {
        return "IdxImages[" + file + ": " + count + " images of " + rows + "x" + columns + "]";
    }
}
