package descent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link RowGather} against {@code Nd4j.pullRows}: the same values, on the Java route and on the fallback. */
class RowGatherTests {

    private static INDArray matrix(DataType type, int rows, int cols, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        return Nd4j.create(r.doubles((long) rows * cols, -3, 3).toArray(), new long[] {rows, cols}, 'c').castTo(type);
    }

    @Test
    void theRowsAreThoseOfPullRowsInFloatAndDouble() {
        int[] rows = {7, 0, 19, 7, 3, 12};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray split = matrix(type, 20, 13, 1);
            assertThat(RowGather.plain(split)).isTrue();
            INDArray into = Nd4j.create(type, new long[] {rows.length, 13}, 'c');
            INDArray got = RowGather.gather(split, rows, into);
            assertThat(got).isSameAs(into);
            INDArray expected = Nd4j.pullRows(split, 1, rows);
            assertThat(into.dup().data().asDouble()).as(type.toString()).containsExactly(expected.dup('c').data().asDouble());
        }
    }

    @Test
    void theTrainingRowsAtTheFrontOfAHeldOutSplitAreReadInPlaceAndOtherViewsFallBack() {
        INDArray all = matrix(DataType.FLOAT, 30, 5, 2);
        INDArray front = all.get(NDArrayIndex.interval(0, 20), NDArrayIndex.all());
        INDArray back = all.get(NDArrayIndex.interval(10, 30), NDArrayIndex.all());
        assertThat(RowGather.plain(back)).as("a view at an offset").isFalse();
        int[] rows = {19, 1, 5};
        for (INDArray split : new INDArray[] {front, back, all.dup('f')}) {
            INDArray into = Nd4j.create(DataType.FLOAT, new long[] {3, 5}, 'c');
            RowGather.gather(split, rows, into);
            assertThat(into.dup().data().asDouble()).containsExactly(Nd4j.pullRows(split.dup('c'), 1, rows).dup('c').data().asDouble());
        }
    }

    @Test
    void aRowOutsideTheSplitIsRefused() {
        INDArray split = matrix(DataType.FLOAT, 4, 3, 3);
        INDArray into = Nd4j.create(DataType.FLOAT, new long[] {1, 3}, 'c');
        assertThatThrownBy(() -> RowGather.gather(split, new int[] {4}, into)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("row 4 of a split of 4");
    }
}
