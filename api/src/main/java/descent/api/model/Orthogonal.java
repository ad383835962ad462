package descent.api.model;

import descent.api.Stability;
import java.util.SplittableRandom;

/**
 * Random orthogonal initialisation (Saxe et al. 2014; Lee et al. 2015 initialise every layer and
 * inverse so): a {@code rows × cols} matrix whose columns (if {@code rows ≥ cols}) or rows (otherwise)
 * are orthonormal, drawn uniformly (Haar) by Gram-Schmidt on a Gaussian matrix, with the sign of
 * each vector fixed as in a QR decomposition with a positive diagonal.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Orthogonal {

    private Orthogonal() {
    }

    /**
     * The matrix in row-major order, times {@code gain}.
     *
     * @throws IllegalArgumentException for a non-positive dimension
     */
    public static double[] matrix(int rows, int cols, double gain, SplittableRandom random) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an orthogonal matrix needs positive dimensions, got " + rows + " x " + cols);
        }
        boolean tall = rows >= cols;
        int length = tall ? rows : cols;
        int count = tall ? cols : rows;
        double[][] v = new double[count][length];
        for (int k = 0; k < count; k++) {
            double[] q = v[k];
            for (int i = 0; i < length; i++) {
                q[i] = random.nextGaussian();
            }
            double first = q[k];
            // Modified Gram-Schmidt, twice, for orthogonality to rounding.
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < k; p++) {
                    double dot = 0;
                    for (int i = 0; i < length; i++) {
                        dot += q[i] * v[p][i];
                    }
                    for (int i = 0; i < length; i++) {
                        q[i] -= dot * v[p][i];
                    }
                }
            }
            double norm = 0;
            for (double x : q) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            double sign = first < 0 ? -1 : 1;
            for (int i = 0; i < length; i++) {
                q[i] = sign * q[i] / norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = gain * (tall ? v[c][r] : v[r][c]);
            }
        }
        return out;
    }
}
