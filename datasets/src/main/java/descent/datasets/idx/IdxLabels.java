package descent.datasets.idx;

import descent.api.Stability;
import java.nio.file.Path;

/**
 * The labels of one IDX1 file: one unsigned byte, 0..255, per example. Immutable; the arrays
 * returned are new and owned by the caller.
 */
@Stability(Stability.Level.STABLE)
public final class IdxLabels {

    private final Path file;
    private final int count;
    private final byte[] data;
    private final int offset;

    IdxLabels(Path file, int count, byte[] data, int offset) {
        this.file = file;
        this.count = count;
        this.data = data;
        this.offset = offset;
    }

    /** The file these labels came from. */
    public Path file() {
        return file;
    }

    /** Number of labels. */
    public int count() {
        return count;
    }

    /**
     * The label of example {@code index}, 0..255.
     *
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code 0..count-1}
     */
    public int label(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("label " + index + " outside " + count + " labels");
        }
        return data[offset + index] & 0xff;
    }

    /** Every label, in file order. */
    public int[] toInts() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = data[offset + i] & 0xff;
        }
        return out;
    }

    /**
     * How often each class occurs.
     *
     * @param classes the number of classes
     * @throws IllegalArgumentException when a label is {@code >= classes}
     */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < count; i++) {
            int label = data[offset + i] & 0xff;
            if (label >= classes) {
                throw new IllegalArgumentException("label " + label + " at index " + i + " is not below " + classes);
            }
            counts[label]++;
        }
        return counts;
    }

    /**
     * The first {@code limit} labels (all when {@code limit} is 0 or at least {@link #count()}) as
     * one-hot rows of a {@code [n, classes]} C-order matrix.
     *
     * @throws IllegalArgumentException when {@code limit} is negative or a label is {@code >= classes}
     */
    public float[] toOneHot(int classes, int limit) {
        int n = IdxImages.clamp(limit, count);
        float[] out = new float[Math.multiplyExact(n, classes)];
        for (int i = 0; i < n; i++) {
            int label = data[offset + i] & 0xff;
            if (label >= classes) {
                throw new IllegalArgumentException("label " + label + " at index " + i + " is not below " + classes);
            }
            out[i * classes + label] = 1f;
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxLabels[" + file + ": " + count + " labels]";
    }
}
