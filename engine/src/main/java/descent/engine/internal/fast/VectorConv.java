package descent.engine.internal.fast;

import descent.engine.internal.fast.Ops.Window;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution (stride 1, no padding) with the JDK's Vector API, for the float32 kernels:
 * the forward pass and the weight gradient without im2col. For a first layer with one input
 * channel the im2col matrix is 25 times the input and its products are too thin for BLAS to run
 * well (6 × 36,864 × 25 for LeNet's first layer); here the input rows are read in place, eight
 * outputs at a time, with four output channels per pass sharing each load.
 *
 * <p>Used only when the module {@code jdk.incubator.vector} is in the boot layer (see
 * {@link VectorSupport#AVAILABLE}: this class cannot even be loaded otherwise); the im2col path in {@link FloatOps.Conv} is the fallback and the reference.
 * Summation order differs from BLAS's, so results agree to float rounding, not bit for bit.
 */
final class VectorConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();

    private VectorConv() {
    }

    /** Index tables of one convolution, made once for a chunk size, so the passes allocate nothing. */
    static final class Tables {
        /** Offset of each kernel tap (input channel, row, column) from the window's corner. */
        final int[] offsets;
        /** For every (example, output row, vector) position: offsets into one channel of dz and into x. */
        final int[] dOff;
        final int[] xOff;
        final float[] four = new float[5];
        final float[] tail = new float[5];
        final int[] columns = new int[5];

        Tables(Window g, int inSize, int rows) {
            int k = g.channels() * g.kh() * g.kw();
            offsets = new int[k];
            for (int ci = 0, q = 0; ci < g.channels(); ci++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++, q++) {
                        offsets[q] = ci * g.inPlane() + i * g.width() + j;
                    }
                }
            }
            int vectors = g.outW() / L;
            int count = rows * g.outH() * vectors;
            dOff = new int[count];
            xOff = new int[count];
            for (int r = 0, t = 0; r < rows; r++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int v = 0; v < vectors; v++, t++) {
                        dOff[t] = r * g.outPlane() + oy * g.outW() + v * L;
                        xOff[t] = r * inSize + oy * g.width() + v * L;
                    }
                }
            }
        }
    }

    /**
     * ReLU's backward step over a run: {@code z[zo + i] = z[zo + i] > 0 ? d[dOff + i] : 0}, returning
     * the sum of the values written (the bias gradient's share).
     */
    static float reluBackward(float[] z, int zo, float[] d, int dOff, int len) {
        FloatVector sum = FloatVector.zero(S);
        FloatVector zero = sum;
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, zo + i);
            FloatVector v = zero.blend(FloatVector.fromArray(S, d, dOff + i), zv.compare(VectorOperators.GT, 0f));
            v.intoArray(z, zo + i);
            sum = sum.add(v);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float v = z[zo + i] > 0 ? d[dOff + i] : 0f;
            z[zo + i] = v;
            s += v;
        }
        return s;
    }

    /** ReLU's forward step over a run with a bias: {@code z[zo + i] += b; y[yo + i] = max(z[zo + i], 0)}. */
    static void reluForward(float[] z, int zo, float[] y, int yo, int len, float b) {
        FloatVector bias = FloatVector.broadcast(S, b);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, z, zo + i).add(bias);
            v.intoArray(z, zo + i);
            v.max(0f).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            float v = z[zo + i] + b;
            z[zo + i] = v;
            y[yo + i] = Math.max(v, 0f);
        }
    }

    /** {@code dst[d..d+len) += src[s..s+len)}. */
    static void addInto(float[] dst, int d, float[] src, int s, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /**
     * Whether a window is one this class runs, and should: stride 1, no padding, rows of at least
     * one vector, and a receptive field small enough ({@code C·kh·kw ≤ 32}) that the im2col matrix
     * would be mostly copies of the input and its products too thin for BLAS. Measured on LeNet:
     * for its first layer (1·5·5) this is faster than im2col and BLAS; for the second (6·5·5) it
     * is not.
     */
    static boolean fits(Window g) {
        return g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0 && g.outW() >= L
                && g.channels() * g.kh() * g.kw() <= 32;
    }

    /**
     * {@code z[c·n + r·outPlane + oy·outW + ox] = Σ w[c][ci][i][j] · x[r][ci][oy+i][ox+j]} for every
     * output channel c, example r and position, with {@code n = rows·outPlane}: the channel-major
     * layout the BLAS path produces. No bias.
     */
    static void forward(float[] x, int inSize, float[] w, int outChannels, Window g, int rows, float[] z, Tables t) {
        int plane = g.outPlane();
        int n = rows * plane;
        int in = g.inPlane();
        int width = g.width();
        int kh = g.kh();
        int kw = g.kw();
        int cin = g.channels();
        int k = cin * kh * kw;
        int outW = g.outW();
        int vectors = outW / L;
        int[] offsets = t.offsets;
        for (int r = 0; r < rows; r++) {
            int xr = r * inSize;
            for (int c0 = 0; c0 < outChannels; c0 += 4) {
                int c1 = Math.min(c0 + 1, outChannels - 1);
                int c2 = Math.min(c0 + 2, outChannels - 1);
                int c3 = Math.min(c0 + 3, outChannels - 1);
                int w0 = c0 * k;
                int w1 = c1 * k;
                int w2 = c2 * k;
                int w3 = c3 * k;
                for (int oy = 0; oy < g.outH(); oy++) {
                    int zo = r * plane + oy * outW;
                    for (int v = 0; v < vectors; v++) {
                        int at = zo + v * L;
                        outputs4(x, xr + oy * width + v * L, offsets, k, w, w0, w1, w2, w3, z, c0 * n + at,
                                c0 + 1 < outChannels ? c1 * n + at : -1, c0 + 2 < outChannels ? c2 * n + at : -1,
                                c0 + 3 < outChannels ? c3 * n + at : -1);
                    }
                    for (int ox = vectors * L; ox < outW; ox++) {
                        for (int c = c0; c < Math.min(c0 + 4, outChannels); c++) {
                            float s = 0;
                            int q = 0;
                            for (int ci = 0; ci < cin; ci++) {
                                for (int i = 0; i < kh; i++) {
                                    int xi = xr + ci * in + (oy + i) * width + ox;
                                    for (int j = 0; j < kw; j++, q++) {
                                        s += w[c * k + q] * x[xi + j];
                                    }
                                }
                            }
                            z[c * n + zo + ox] = s;
                        }
                    }
                }
            }
        }
    }

    /**
     * Eight outputs of four channels: {@code z[zi..zi+8) = Σ_q w[wi + q] · x[xb + offsets[q] ..]}.
     * A small method, called once per output vector, so that the JIT compiles it whole (the vector
     * accumulators live in registers only within one loop); {@code z1..z3} are -1 for channels
     * past the last.
     */
    private static void outputs4(float[] x, int xb, int[] offsets, int k, float[] w, int w0, int w1, int w2, int w3,
            float[] z, int z0, int z1, int z2, int z3) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int q = 0; q < k; q++) {
            FloatVector xv = FloatVector.fromArray(S, x, xb + offsets[q]);
            a0 = xv.fma(FloatVector.broadcast(S, w[w0 + q]), a0);
            a1 = xv.fma(FloatVector.broadcast(S, w[w1 + q]), a1);
            a2 = xv.fma(FloatVector.broadcast(S, w[w2 + q]), a2);
            a3 = xv.fma(FloatVector.broadcast(S, w[w3 + q]), a3);
        }
        a0.intoArray(z, z0);
        if (z1 >= 0) {
            a1.intoArray(z, z1);
        }
        if (z2 >= 0) {
            a2.intoArray(z, z2);
        }
        if (z3 >= 0) {
            a3.intoArray(z, z3);
        }
    }

    /**
     * {@code out[0..5) = Σ_t dz[db + dOff[t] ..8] · x[xb + xOff[t] + j_m ..8]} summed over lanes, for
     * five kernel columns {@code j_m}: one weight-gradient entry each (a 5-wide kernel row in one
     * pass, each dz load shared by five products).
     */
    private static void gradients5(float[] dz, int db, int[] dOff, float[] x, int xb, int[] xOff, int count, int j0, int j1,
            int j2, int j3, int j4, float[] out) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        for (int t = 0; t < count; t++) {
            FloatVector d = FloatVector.fromArray(S, dz, db + dOff[t]);
            int xv = xb + xOff[t];
            a0 = d.fma(FloatVector.fromArray(S, x, xv + j0), a0);
            a1 = d.fma(FloatVector.fromArray(S, x, xv + j1), a1);
            a2 = d.fma(FloatVector.fromArray(S, x, xv + j2), a2);
            a3 = d.fma(FloatVector.fromArray(S, x, xv + j3), a3);
            a4 = d.fma(FloatVector.fromArray(S, x, xv + j4), a4);
        }
        out[0] = a0.reduceLanes(VectorOperators.ADD);
        out[1] = a1.reduceLanes(VectorOperators.ADD);
        out[2] = a2.reduceLanes(VectorOperators.ADD);
        out[3] = a3.reduceLanes(VectorOperators.ADD);
        out[4] = a4.reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@code dw[c][ci][i][j] = Σ_r Σ_oy Σ_ox dz[c·n + r·outPlane + oy·outW + ox] · x[r][ci][oy+i][ox+j]},
     * overwriting {@code dw} ({@code [outChannels, cin·kh·kw]} row-major).
     */
    static void weightGradient(float[] x, int inSize, float[] dz, int outChannels, Window g, int rows, float[] dw, Tables t) {
        int plane = g.outPlane();
        int n = rows * plane;
        int in = g.inPlane();
        int width = g.width();
        int kh = g.kh();
        int kw = g.kw();
        int cin = g.channels();
        int k = cin * kh * kw;
        int outW = g.outW();
        int vectors = outW / L;
        int count = rows * g.outH() * vectors;
        int[] dOff = t.dOff;
        int[] xOff = t.xOff;
        float[] four = t.four;
        // five kernel columns a pass; past the last, the last is repeated and not stored
        for (int c = 0; c < outChannels; c++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j0 = 0; j0 < kw; j0 += 5) {
                        int[] j = t.columns;
                        for (int m = 0; m < 5; m++) {
                            j[m] = Math.min(j0 + m, kw - 1);
                        }
                        gradients5(dz, c * n, dOff, x, ci * in + i * width, xOff, count, j[0], j[1], j[2], j[3], j[4], four);
                        float[] tail = t.tail;
                        java.util.Arrays.fill(tail, 0f);
                        for (int ox = vectors * L; ox < outW; ox++) {
                            for (int r = 0; r < rows; r++) {
                                for (int oy = 0; oy < g.outH(); oy++) {
                                    float d = dz[c * n + r * plane + oy * outW + ox];
                                    int xo = r * inSize + ci * in + (i + oy) * width + ox;
                                    for (int m = 0; m < 5; m++) {
                                        tail[m] += d * x[xo + j[m]];
                                    }
                                }
                            }
                        }
                        int base = c * k + (ci * kh + i) * kw;
                        for (int m = 0; m < 5 && j0 + m < kw; m++) {
                            dw[base + j0 + m] = four[m] + tail[m];
                        }
                    }
                }
            }
        }
    }
}
