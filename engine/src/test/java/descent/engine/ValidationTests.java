package descent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.data.Split;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ValidationTests {

    /** n rows whose first feature is the row's index and second its class; classes of sizes {@code sizes}. */
    private static Split split(int... sizes) {
        int n = Arrays.stream(sizes).sum();
        float[] x = new float[n * 3];
        float[] y = new float[n * sizes.length];
        int row = 0;
        // interleave the classes so that a class is not one block of rows
        int[] left = sizes.clone();
        while (row < n) {
            for (int c = 0; c < sizes.length && row < n; c++) {
                if (left[c]-- > 0) {
                    x[row * 3] = row;
                    x[row * 3 + 1] = c;
                    x[row * 3 + 2] = row * 0.5f;
                    y[row * sizes.length + c] = 1;
                    row++;
                }
            }
        }
        return new Split(Nd4j.create(x, new long[] {n, 3}, 'c'), Nd4j.create(y, new long[] {n, sizes.length}, 'c'));
    }

    private static Set<Integer> ids(Split s) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            ids.add((int) s.features().getFloat(i, 0));
        }
        return ids;
    }

    private static int[] perClass(Split s, int classes) {
        int[] counts = new int[classes];
        for (int c : s.classIndices()) {
            counts[c]++;
        }
        return counts;
    }

    @Test
    void holdsOutAStratifiedSeededPartWithoutLosingOrRepeatingARow() {
        Split train = split(500, 300, 200);
        Validation.Holdout h = Validation.holdOut(train, 100, 7);
        assertThat(h.validation().size()).isEqualTo(100);
        assertThat(h.train().size()).isEqualTo(900);
        assertThat(perClass(h.validation(), 3)).containsExactly(50, 30, 20);
        Set<Integer> all = new HashSet<>(ids(h.train()));
        all.addAll(ids(h.validation()));
        assertThat(all).hasSize(1000);
        assertThat(ids(h.train())).doesNotContainAnyElementsOf(ids(h.validation()));
        for (Split s : new Split[] {h.train(), h.validation()}) {
            for (int i = 0; i < s.size(); i++) {
                float id = s.features().getFloat(i, 0);
                assertThat(s.features().getFloat(i, 2)).as("a row moves whole").isEqualTo(id * 0.5f);
                assertThat(s.classIndices()[i]).as("labels move with their rows").isEqualTo((int) s.features().getFloat(i, 1));
            }
        }
        int[] kept = ids(h.train()).stream().mapToInt(Integer::intValue).sorted().toArray();
        for (int i = 0; i < kept.length; i++) {
            assertThat(h.train().features().getFloat(i, 0)).as("training rows keep their order").isEqualTo((float) kept[i]);
        }
    }

    @Test
    void theSameSeedHoldsOutTheSameRowsAndAnotherSeedOthers() {
        Set<Integer> a = ids(Validation.holdOut(split(60, 40), 20, 3).validation());
        Set<Integer> b = ids(Validation.holdOut(split(60, 40), 20, 3).validation());
        Set<Integer> c = ids(Validation.holdOut(split(60, 40), 20, 4).validation());
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void roundsByLargestRemainders() {
        Validation.Holdout h = Validation.holdOut(split(5, 3, 2), 3, 1);
        // exact shares 1.5, 0.9, 0.6: floors 1, 0, 0, then the largest remainders 0.9 and 0.6
        assertThat(perClass(h.validation(), 3)).containsExactly(1, 1, 1);
        assertThat(Arrays.stream(perClass(Validation.holdOut(split(7, 2, 1), 5, 1).validation(), 3)).sum()).isEqualTo(5);
    }

    @Test
    void countTakesAFractionOrANumberAndRefusesTheRest() {
        assertThat(Validation.count("0.1", 60000)).isEqualTo(6000);
        assertThat(Validation.count("5000", 60000)).isEqualTo(5000);
        assertThat(Validation.count("0.0001", 100)).isEqualTo(1);
        for (String bad : new String[] {"0", "1.5", "-0.1", "60000", "x", "0.1.2"}) {
            assertThatThrownBy(() -> Validation.count(bad, 60000)).as(bad).isInstanceOf(DescentException.class)
                    .hasMessage("--validation must be a fraction in (0, 1) or a number of examples from 1 to 59999 (the training split"
                            + " has 60000), got '" + bad + "'");
        }
        assertThat(Validation.count("1", 60000)).as("one example is a validation split too").isEqualTo(1);
    }

    /**
     * A validation part larger than the part kept for training: its row blocks (the way the loop
     * evaluates it, in chunks) are the validation rows, not empty. ND4J's interval of a view whose
     * offset exceeds its own length came back empty here, and evaluation crashed
     * (--validation 30001 of Fashion-MNIST's 60000).
     */
    @Test
    void aValidationPartLargerThanTheTrainingPartCanBeReadInRowBlocks() {
        Split train = split(60, 40);
        Validation.Holdout h = Validation.holdOut(train, 70, 5);
        Split v = h.validation();
        assertThat(v.size()).isEqualTo(70);
        for (int from = 0; from < 70; from += 20) {
            int to = Math.min(70, from + 20);
            var block = v.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertThat(block.size(0)).as("rows %d to %d", from, to).isEqualTo(to - from);
            for (int i = from; i < to; i++) {
                assertThat(block.getFloat(i - from, 0)).isEqualTo(v.features().getFloat(i, 0));
            }
        }
    }
}
