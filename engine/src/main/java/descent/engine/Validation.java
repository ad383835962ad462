package descent.engine;

import descent.api.DescentException;
import descent.api.data.Split;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A validation split held out of the training split: seeded and stratified, so every arm of a
 * comparison that shares a seed holds out the same examples, and each class keeps its share.
 */
public final class Validation {

    private Validation() {
    }

    /** The training split without the held-out rows, and the held-out rows. */
    public record Holdout(Split train, Split validation) {
    }

    /**
     * The number of rows {@code spec} asks for out of {@code n}: a fraction in (0, 1) (rounded,
     * at least one) or a whole number from 1 to {@code n - 1}; with {@code n} =
     * {@link Integer#MAX_VALUE} (the size not known yet) only the form is checked.
     *
     * @throws DescentException naming the value and the range when it is neither
     */
    public static int count(String spec, int n) {
        String v = spec.strip();
        try {
            if (v.matches("[0-9]+")) {
                long k = Long.parseLong(v);
                if (k >= 1 && k < n) {
                    return (int) k;
                }
            } else {
                double f = Double.parseDouble(v);
                if (f > 0 && f < 1) {
                    return (int) Math.max(1, Math.min(n - 1, Math.round(f * n)));
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (n == Integer.MAX_VALUE) {
            throw new DescentException("--validation must be a fraction in (0, 1) or a whole number of examples >= 1, got '" + spec + "'");
        }
        throw new DescentException("--validation must be a fraction in (0, 1) or a number of examples from 1 to " + (n - 1)
                + " (the training split has " + n + "), got '" + spec + "'");
    }

    /**
     * Holds {@code count} rows of {@code train} out, in place: each class gives the share of them
     * its size asks for (largest remainders), chosen by {@code seed}; the training rows keep their
     * order at the front of the arrays and the held-out rows follow. The training split is a view
     * of those front rows (no copy of the training set is made); the validation split is a copy of
     * the rows after them.
     */
    public static Holdout holdOut(Split train, int count, long seed) {
        int n = train.size();
        if (count < 1 || count >= n) {
            throw new IllegalArgumentException("hold out 1 to " + (n - 1) + " of " + n + " rows, not " + count);
        }
        int[] cls = train.classIndices();
        int classes = (int) train.labels().size(1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(cls[i]).add(i);
        }
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int taken = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) count * byClass.get(c).size() / n;
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            taken += take[c];
        }
        while (taken < count) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (take[c] < byClass.get(c).size() && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            take[best]++;
            remainder[best] = -1;
            taken++;
        }
        boolean[] held = new boolean[n];
        SplittableRandom random = new SplittableRandom(seed * 0xD1B54A32D192ED03L + 0x5851F42D4C957F2DL);
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = byClass.get(c);
            int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < take[c]; i++) {
                int j = i + random.nextInt(r.length - i);
                int t = r[i];
                r[i] = r[j];
                r[j] = t;
                held[r[i]] = true;
            }
        }
        partition(train.features(), held, count);
        partition(train.labels(), held, count);
        int kept = n - count;
        return new Holdout(
                new Split(rows(train.features(), 0, kept), rows(train.labels(), 0, kept)),
                // The validation rows as a copy: ND4J 1.0.0-M2.1 returns wrong row blocks of a view
                // that starts past the first rows (an interval from row k of a view at offset m
                // comes back short once k ≥ rows − m), so the loop's chunks of a validation part
                // larger than the training part were empty. The training part starts at row 0.
                new Split(rows(train.features(), kept, n).dup('c'), rows(train.labels(), kept, n).dup('c')));
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Moves the rows marked {@code held} to the end of {@code a}, both groups in their order. */
    private static void partition(INDArray a, boolean[] held, int count) {
        int n = held.length;
        int width = (int) a.size(1);
        if (a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 && !a.isView()) {
            FloatBuffer b = a.data().asNioFloat();
            float[] heldRows = new float[Math.multiplyExact(count, width)];
            float[] row = new float[width];
            int kept = 0;
            int h = 0;
            for (int i = 0; i < n; i++) {
                b.get(i * width, row);
                if (held[i]) {
                    System.arraycopy(row, 0, heldRows, h++ * width, width);
                } else {
                    if (kept != i) {
                        b.put(kept * width, row);
                    }
                    kept++;
                }
            }
            b.put(kept * width, heldRows);
            return;
        }
        int[] order = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!held[i]) {
                order[k++] = i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                order[k++] = i;
            }
        }
        a.assign(a.getRows(order));
    }
}
