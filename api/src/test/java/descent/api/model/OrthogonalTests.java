package descent.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Orthogonal initialisation against its definition: Q^T Q = I (tall) or Q Q^T = I (wide), reproducible per seed. */
class OrthogonalTests {

    @Test
    void tallMatricesHaveOrthonormalColumnsAndWideOnesOrthonormalRows() {
        for (int[] shape : new int[][] {{50, 20}, {20, 50}, {30, 30}, {7, 1}, {1, 7}}) {
            int rows = shape[0];
            int cols = shape[1];
            double gain = 1.5;
            double[] q = Orthogonal.matrix(rows, cols, gain, new SplittableRandom(1));
            boolean tall = rows >= cols;
            int count = tall ? cols : rows;
            for (int a = 0; a < count; a++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int k = 0; k < (tall ? rows : cols); k++) {
                        dot += tall ? q[k * cols + a] * q[k * cols + b] : q[a * cols + k] * q[b * cols + k];
                    }
                    assertThat(dot).as("%dx%d (%d, %d)", rows, cols, a, b).isCloseTo(a == b ? gain * gain : 0, within(1e-12));
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameMatrixAndAnotherSeedAnother() {
        assertThat(Orthogonal.matrix(10, 4, 1, new SplittableRandom(3))).containsExactly(Orthogonal.matrix(10, 4, 1, new SplittableRandom(3)));
        assertThat(Orthogonal.matrix(10, 4, 1, new SplittableRandom(3))).isNotEqualTo(Orthogonal.matrix(10, 4, 1, new SplittableRandom(4)));
    }

    @Test
    void nonPositiveDimensionsAreRefused() {
        assertThatThrownBy(() -> Orthogonal.matrix(0, 3, 1, new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an orthogonal matrix needs positive dimensions, got 0 x 3");
    }
}
