package descent.optimizers.ode.internal;

import descent.api.optim.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The last gradients of an Adams method, newest first, in a ring of at most {@value #CAPACITY}
 * parameter-sized arrays that it owns: a push copies into the slot of the oldest entry, so the
 * history never holds more than four buffers and never a view of an engine buffer.
 */
final class GradientHistory {

    /** AB4 needs f_n … f_{n−3}. */
    static final int CAPACITY = 4;

    private final INDArray[] slots = new INDArray[CAPACITY];
    private int newest = CAPACITY - 1;
    private int size;

    /**
     * Copies {@code gradient} in as the newest entry, dropping the oldest when full.
     *
     * @param gradient read, never kept
     * @param like the shape and data type of the copy; null keeps those of {@code gradient}
     * @return the new entry (owned by the history; read it, do not modify it)
     */
    INDArray push(INDArray gradient, INDArray like) {
        INDArray target = like == null ? gradient : like;
        int i = (newest + 1) % CAPACITY;
        if (slots[i] == null || !Buffers.matches(slots[i], target)) {
            slots[i] = Buffers.copyLike(gradient, target);
        } else {
            Vectors.copy(gradient, slots[i]);
        }
        newest = i;
        size = Math.min(size + 1, CAPACITY);
        return slots[i];
    }

    /** The entry {@code back} steps before the newest (0 = the newest). */
    INDArray get(int back) {
        if (back < 0 || back >= size) {
            throw new IndexOutOfBoundsException("history holds " + size + " gradients, asked for number " + back);
        }
        return slots[Math.floorMod(newest - back, CAPACITY)];
    }

    /** How many entries are held, 0 to {@value #CAPACITY}. */
    int size() {
        return size;
    }

    /** Forgets every entry (keeping the buffers for reuse). */
    void clear() {
        size = 0;
    }

    /** Converts held entries to the shape and data type of {@code like} where they differ (after an import). */
    void conform(INDArray like) {
        for (int back = 0; back < size; back++) {
            int i = Math.floorMod(newest - back, CAPACITY);
            if (!Buffers.matches(slots[i], like)) {
                slots[i] = Buffers.copyLike(slots[i], like);
            }
        }
    }
}
