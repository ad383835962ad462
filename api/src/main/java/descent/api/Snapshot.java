package descent.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole state of an optimizer or trainer as named arrays and named numbers, which is what a
 * checkpoint stores. The arrays are copies owned by the snapshot: exporting never hands out live
 * buffers, and importing copies them back in, so a snapshot may be kept, written and reused.
 *
 * @param arrays named arrays (moments, gradient histories, inverse weights), copied on construction
 * @param numbers named scalars (step counters, current momentum, history length)
 */
@Stability(Stability.Level.STABLE)
public record Snapshot(Map<String, INDArray> arrays, Map<String, Double> numbers) {

    /** A snapshot with nothing in it (stateless optimizers such as plain SGD). */
    public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    public Snapshot {
        Map<String, INDArray> a = new LinkedHashMap<>();
        arrays.forEach((k, v) -> a.put(Objects.requireNonNull(k), v.dup()));
        arrays = Collections.unmodifiableMap(a);
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /** The array named {@code name}; a {@link DescentException} if absent (a checkpoint of another optimizer). */
    public INDArray array(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new DescentException("checkpoint state has no array '" + name + "'; it was written by another optimizer or version");
        }
        return a;
    }

    /** The number named {@code name}; a {@link DescentException} if absent. */
    public double number(String name) {
        Double d = numbers.get(name);
        if (d == null) {
            throw new DescentException("checkpoint state has no number '" + name + "'; it was written by another optimizer or version");
        }
        return d;
    }

    /** A mutable builder; arrays put in are copied when {@link Builder#build()} runs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects named arrays and numbers. */
    public static final class Builder {
        private final Map<String, INDArray> arrays = new LinkedHashMap<>();
        private final Map<String, Double> numbers = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds an array (copied at {@link #build()}). */
        public Builder array(String name, INDArray value) {
            arrays.put(name, value);
            return this;
        }

        /** Adds a number. */
        public Builder number(String name, double value) {
            numbers.put(name, value);
            return this;
        }

        /** The snapshot, with every array copied. */
        public Snapshot build() {
            return new Snapshot(arrays, numbers);
        }
    }
}
