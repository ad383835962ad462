package descent.engine.internal.fast;

import descent.engine.internal.fast.Ops.Window;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 kernels of the fast executor: the same layers and layouts as {@link Ops}, which
 * stays the precision-generic reference (it runs double networks and is what the
 * central-difference checks exercise), written for speed. Everything the Java loops touch lives
 * in heap {@code float[]} arrays, where the JIT compiles tight (and, for same-index loops,
 * vectorised) code; only the operands of the matrix products live in native memory, and crossing
 * over is one bulk copy per operand.
 *
 * <p>Per training step, a dense layer makes 3 BLAS calls (2 for the first layer) and a convolution
 * 3 (2 for the first layer); pooling, activations, softmax and the loss make none. Nothing is
 * allocated per step.
 */
final class FloatOps {

    private FloatOps() {
    }

    /** 1 if {@code a > b}, else 0 (also for NaN), without a branch. */
    static int greater(float a, float b) {
        return Float.floatToRawIntBits(b - a) >>> 31 & (Float.floatToRawIntBits(a - b) >>> 31 ^ 1);
    }

    /** {@code d} where {@code z > 0}, else 0, without a branch: ReLU's derivative times {@code d}. */
    static float reluBack(float z, float d) {
        int bits = Float.floatToRawIntBits(z);
        int positive = (~bits >>> 31) & (-bits >>> 31);
        return Float.intBitsToFloat(Float.floatToRawIntBits(d) & -positive);
    }

    /** One layer over heap arrays; {@code y} is its output, {@code dy} the gradient there (overwritten by backward). */
    abstract static class Op {
        final int inSize;
        final int outSize;
        float[] y;
        float[] dy;

        Op(int inSize, int outSize) {
            this.inSize = inSize;
            this.outSize = outSize;
        }

        void allocate(int rows) {
            y = new float[rows * outSize];
            dy = new float[rows * outSize];
        }

        /** Whether the first layer may read its input straight from native memory. */
        boolean readsNative() {
            return false;
        }

        /**
         * {@code y} from the input: {@code x} on the heap, or, for a layer that
         * {@link #readsNative}, {@code xn} at element {@code xo} (then {@code x} is null).
         */
        abstract void forward(float[] x, Buf.F32 xn, int xo, int rows, Buf.F32 p);

        /** Parameter gradients into {@code g} (added when {@code accumulate}), input gradient into {@code dx} unless null. */
        abstract void backward(float[] x, int rows, Buf.F32 p, Buf.F32 g, boolean accumulate, float[] dx);
    }

    static final class Dense extends Op {
        final Ops.Dense spec;
        final int w;
        final int b;
        final Activation act;
        final float alpha;
        float[] z;
        float[] bias;
        Buf.F32 xn;
        Buf.F32 zn;
        Buf.F32 dxn;
        private Buf.F32 src;
        private int srcOffset;

        Dense(Ops.Dense spec) {
            super(spec.inSize, spec.outSize);
            this.spec = spec;
            this.w = spec.w;
            this.b = spec.b;
            this.act = spec.act;
            this.alpha = (float) spec.alpha;
            this.bias = new float[outSize];
        }

        @Override
        void allocate(int rows) {
            super.allocate(rows);
            z = act == Activation.IDENTITY ? y : new float[rows * outSize];
            xn = (Buf.F32) Buf.allocate(DataType.FLOAT, rows * inSize);
            zn = (Buf.F32) Buf.allocate(DataType.FLOAT, rows * Math.max(inSize, outSize));
            dxn = (Buf.F32) Buf.allocate(DataType.FLOAT, rows * inSize);
        }

        @Override
        boolean readsNative() {
            return true;
        }

        @Override
        void forward(float[] x, Buf.F32 xNative, int xo, int rows, Buf.F32 p) {
            int n = outSize;
            if (x != null) {
                xn.put(0, x, 0, rows * inSize);
                src = xn;
                srcOffset = 0;
            } else {
                src = xNative;
                srcOffset = xo;
            }
            Buf.gemm(false, true, rows, n, inSize, 1, src, srcOffset, inSize, p, w, inSize, 0, zn, 0, n);
            zn.get(0, z, 0, rows * n);
            p.get(b, bias, 0, n);
            float[] zz = z;
            float[] yy = y;
            float[] bb = bias;
            for (int r = 0; r < rows; r++) {
                int at = r * n;
                for (int j = 0; j < n; j++) {
                    zz[at + j] += bb[j];
                }
            }
            int total = rows * n;
            switch (act) {
                case RELU -> {
                    for (int i = 0; i < total; i++) {
                        yy[i] = Math.max(zz[i], 0f);
                    }
                }
                case IDENTITY -> {
                }
                default -> {
                    for (int i = 0; i < total; i++) {
                        yy[i] = (float) act.apply(zz[i], alpha);
                    }
                }
            }
        }

        @Override
        void backward(float[] x, int rows, Buf.F32 p, Buf.F32 g, boolean accumulate, float[] dx) {
            int n = outSize;
            int total = rows * n;
            float[] d = dy;
            float[] zz = z;
            switch (act) {
                case RELU -> {
                    for (int i = 0; i < total; i++) {
                        d[i] = reluBack(zz[i], d[i]);
                    }
                }
                case IDENTITY -> {
                }
                default -> {
                    for (int i = 0; i < total; i++) {
                        d[i] = (float) (d[i] * act.derivative(zz[i], y[i], alpha));
                    }
                }
            }
            float[] sums = bias;
            java.util.Arrays.fill(sums, 0f);
            for (int r = 0; r < rows; r++) {
                int at = r * n;
                for (int j = 0; j < n; j++) {
                    sums[j] += d[at + j];
                }
            }
            for (int j = 0; j < n; j++) {
                g.setFloat(b + j, accumulate ? g.getFloat(b + j) + sums[j] : sums[j]);
            }
            zn.put(0, d, 0, total);
            Buf.gemm(true, false, n, inSize, rows, 1, zn, 0, n, src, srcOffset, inSize, accumulate ? 1 : 0, g, w, inSize);
            if (dx != null) {
                Buf.gemm(false, false, rows, inSize, n, 1, zn, 0, n, p, w, inSize, 0, dxn, 0, inSize);
                dxn.get(0, dx, 0, rows * inSize);
            }
        }
    }

    static final class Conv extends Op {
        final Window g;
        final int outChannels;
        final int w;
        final int b;
        final Activation act;
        final float alpha;
        final int k;
        float[] col;
        float[] z;
        float[] bias = new float[0];
        Buf.F32 coln;
        Buf.F32 zn;
        /** Whether the Vector API's direct convolution runs the forward pass and the weight gradient. */
        final boolean direct;
        final float[] weights;
        final float[] dw;
        VectorConv.Tables tables;
        /** Whether this is the network's first layer, whose input gradient is never needed. */
        boolean first;

        Conv(Ops.Conv spec) {
            super(spec.inSize, spec.outSize);
            this.g = spec.g;
            this.outChannels = spec.outChannels;
            this.w = spec.w;
            this.b = spec.b;
            this.act = spec.act;
            this.alpha = (float) spec.alpha;
            this.k = spec.k;
            this.bias = new float[outChannels];
            this.direct = VectorSupport.AVAILABLE && VectorConv.fits(g) && !Boolean.getBoolean("descent.fast.im2col");
            this.weights = new float[outChannels * k];
            this.dw = new float[outChannels * k];
        }

        @Override
        void allocate(int rows) {
            super.allocate(rows);
            int n = rows * g.outPlane();
            // the direct first layer needs neither im2col's matrix nor the input gradient's
            int cols = direct && first ? 0 : k * n;
            col = new float[cols];
            z = new float[outChannels * n];
            coln = (Buf.F32) Buf.allocate(DataType.FLOAT, cols);
            zn = (Buf.F32) Buf.allocate(DataType.FLOAT, outChannels * n);
            tables = direct ? new VectorConv.Tables(g, inSize, rows) : null;
        }

        @Override
        void forward(float[] x, Buf.F32 xn, int xo, int rows, Buf.F32 p) {
            int plane = g.outPlane();
            int n = rows * plane;
            if (direct) {
                p.get(w, weights, 0, outChannels * k);
                VectorConv.forward(x, inSize, weights, outChannels, g, rows, z, tables);
            } else {
                im2col(x, rows, n);
                coln.put(0, col, 0, k * n);
                Buf.gemm(false, false, outChannels, n, k, 1, p, w, k, coln, 0, n, 0, zn, 0, n);
                zn.get(0, z, 0, outChannels * n);
            }
            p.get(b, bias, 0, outChannels);
            float[] zz = z;
            float[] yy = y;
            for (int c = 0; c < outChannels; c++) {
                float bc = bias[c];
                for (int r = 0; r < rows; r++) {
                    int from = c * n + r * plane;
                    int to = r * outSize + c * plane;
                    if (act == Activation.RELU && VectorSupport.AVAILABLE) {
                        VectorConv.reluForward(zz, from, yy, to, plane, bc);
                    } else if (act == Activation.RELU) {
                        for (int s = 0; s < plane; s++) {
                            float v = zz[from + s] + bc;
                            zz[from + s] = v;
                            yy[to + s] = Math.max(v, 0f);
                        }
                    } else {
                        for (int s = 0; s < plane; s++) {
                            float v = zz[from + s] + bc;
                            zz[from + s] = v;
                            yy[to + s] = (float) act.apply(v, alpha);
                        }
                    }
                }
            }
        }

        private void im2col(float[] x, int rows, int n) {
            int plane = g.outPlane();
            int in = g.inPlane();
            int outW = g.outW();
            int width = g.width();
            boolean contiguous = g.sw() == 1 && g.pw() == 0;
            float[] cc = col;
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        int row = ((c * g.kh() + i) * g.kw() + j) * n;
                        for (int r = 0; r < rows; r++) {
                            int src = r * inSize + c * in;
                            int dst = row + r * plane;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int iy = oy * g.sh() - g.ph() + i;
                                int d = dst + oy * outW;
                                if (iy < 0 || iy >= g.height()) {
                                    java.util.Arrays.fill(cc, d, d + outW, 0f);
                                    continue;
                                }
                                int s = src + iy * width;
                                if (contiguous) {
                                    System.arraycopy(x, s + j, cc, d, outW);
                                } else {
                                    for (int ox = 0; ox < outW; ox++) {
                                        int ix = ox * g.sw() - g.pw() + j;
                                        cc[d + ox] = ix >= 0 && ix < width ? x[s + ix] : 0f;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        void backward(float[] x, int rows, Buf.F32 p, Buf.F32 grad, boolean accumulate, float[] dx) {
            int plane = g.outPlane();
            int n = rows * plane;
            float[] zz = z;
            float[] d = dy;
            for (int c = 0; c < outChannels; c++) {
                float s = 0;
                for (int r = 0; r < rows; r++) {
                    int at = c * n + r * plane;
                    int from = r * outSize + c * plane;
                    if (act == Activation.RELU && VectorSupport.AVAILABLE) {
                        s += VectorConv.reluBackward(zz, at, d, from, plane);
                    } else if (act == Activation.RELU) {
                        for (int q = 0; q < plane; q++) {
                            float v = reluBack(zz[at + q], d[from + q]);
                            zz[at + q] = v;
                            s += v;
                        }
                    } else {
                        for (int q = 0; q < plane; q++) {
                            float v = (float) (d[from + q] * act.derivative(zz[at + q], y[from + q], alpha));
                            zz[at + q] = v;
                            s += v;
                        }
                    }
                }
                grad.setFloat(b + c, accumulate ? grad.getFloat(b + c) + s : s);
            }
            if (direct) {
                VectorConv.weightGradient(x, inSize, zz, outChannels, g, rows, dw, tables);
                if (accumulate) {
                    for (int i = 0; i < dw.length; i++) {
                        dw[i] += grad.getFloat(w + i);
                    }
                }
                grad.put(w, dw, 0, dw.length);
                if (dx == null) {
                    return;
                }
                zn.put(0, zz, 0, outChannels * n);
            } else {
                zn.put(0, zz, 0, outChannels * n);
                Buf.gemm(false, true, outChannels, k, n, 1, zn, 0, n, coln, 0, n, accumulate ? 1 : 0, grad, w, k);
                if (dx == null) {
                    return;
                }
            }
            // dcol = Wᵀ·dz, into the native column buffer (its forward contents are no longer needed)
            Buf.gemm(true, false, k, n, outChannels, 1, p, w, k, zn, 0, n, 0, coln, 0, n);
            coln.get(0, col, 0, k * n);
            col2im(dx, rows, n);
        }

        private void col2im(float[] dx, int rows, int n) {
            int plane = g.outPlane();
            int in = g.inPlane();
            int outW = g.outW();
            int width = g.width();
            float[] cc = col;
            java.util.Arrays.fill(dx, 0, rows * inSize, 0f);
            boolean contiguous = g.sw() == 1 && g.pw() == 0;
            boolean vector = VectorSupport.AVAILABLE;
            // example by example, so that one example's input gradient stays in the L1 cache
            // while every column row adds into it
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < g.channels(); c++) {
                    int dst = r * inSize + c * in;
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            int src = ((c * g.kh() + i) * g.kw() + j) * n + r * plane;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int iy = oy * g.sh() - g.ph() + i;
                                if (iy < 0 || iy >= g.height()) {
                                    continue;
                                }
                                int s = src + oy * outW;
                                int dd = dst + iy * width;
                                if (contiguous && vector) {
                                    VectorConv.addInto(dx, dd + j, cc, s, outW);
                                } else if (contiguous) {
                                    int base = dd + j;
                                    for (int ox = 0; ox < outW; ox++) {
                                        dx[base + ox] += cc[s + ox];
                                    }
                                } else {
                                    for (int ox = 0; ox < outW; ox++) {
                                        int ix = ox * g.sw() - g.pw() + j;
                                        if (ix >= 0 && ix < width) {
                                            dx[dd + ix] += cc[s + ox];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static final class Pool extends Op {
        final Window g;
        final boolean max;
        final boolean includePad;
        int[] argmax;

        Pool(Ops.Pool spec) {
            super(spec.inSize, spec.outSize);
            this.g = spec.g;
            this.max = spec.max;
            this.includePad = spec.includePad;
        }

        @Override
        void allocate(int rows) {
            super.allocate(rows);
            argmax = max ? new int[rows * outSize] : null;
        }

        @Override
        void forward(float[] x, Buf.F32 xn, int xo, int rows, Buf.F32 p) {
            int in = g.inPlane();
            int out = g.outPlane();
            int width = g.width();
            float[] yy = y;
            int[] am = argmax;
            boolean simple = max && g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.ph() == 0 && g.pw() == 0;
            int planes = rows * g.channels();
            for (int q = 0; q < planes; q++) {
                int src = q * in;
                int dst = q * out;
                if (simple) {
                    // the common 2x2 stride-2 max pooling, unrolled
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int r0 = src + 2 * oy * width;
                        int r1 = r0 + width;
                        int o = dst + oy * g.outW();
                        for (int ox = 0; ox < g.outW(); ox++) {
                            // branch-free: with ReLU inputs the winner is unpredictable, and a
                            // mispredicted branch per comparison costs more than the comparisons
                            int a = r0 + 2 * ox;
                            float a0 = x[a];
                            float a1 = x[a + 1];
                            float a2 = x[a + width];
                            float a3 = x[a + width + 1];
                            int i01 = greater(a1, a0);
                            int i23 = greater(a3, a2);
                            float m01 = Math.max(a0, a1);
                            float m23 = Math.max(a2, a3);
                            int low = greater(m23, m01);
                            yy[o + ox] = Math.max(m01, m23);
                            am[o + ox] = (a - src) + i01 + low * (width + i23 - i01);
                        }
                    }
                    continue;
                }
                for (int oy = 0; oy < g.outH(); oy++) {
                    int y0 = oy * g.sh() - g.ph();
                    int yFrom = Math.max(0, y0);
                    int yTo = Math.min(g.height(), y0 + g.kh());
                    for (int ox = 0; ox < g.outW(); ox++) {
                        int x0 = ox * g.sw() - g.pw();
                        int xFrom = Math.max(0, x0);
                        int xTo = Math.min(width, x0 + g.kw());
                        int o = dst + oy * g.outW() + ox;
                        if (max) {
                            float best = Float.NEGATIVE_INFINITY;
                            int at = -1;
                            for (int iy = yFrom; iy < yTo; iy++) {
                                for (int ix = xFrom; ix < xTo; ix++) {
                                    float v = x[src + iy * width + ix];
                                    if (v > best || at < 0) {
                                        best = v;
                                        at = iy * width + ix;
                                    }
                                }
                            }
                            yy[o] = best;
                            am[o] = at;
                        } else {
                            float s = 0;
                            for (int iy = yFrom; iy < yTo; iy++) {
                                for (int ix = xFrom; ix < xTo; ix++) {
                                    s += x[src + iy * width + ix];
                                }
                            }
                            yy[o] = s / g.divisor(includePad, yFrom, yTo, xFrom, xTo);
                        }
                    }
                }
            }
        }

        @Override
        void backward(float[] x, int rows, Buf.F32 p, Buf.F32 grad, boolean accumulate, float[] dx) {
            if (dx == null) {
                return;
            }
            int in = g.inPlane();
            int out = g.outPlane();
            int width = g.width();
            java.util.Arrays.fill(dx, 0, rows * inSize, 0f);
            int planes = rows * g.channels();
            float[] d = dy;
            for (int q = 0; q < planes; q++) {
                int dst = q * in;
                int src = q * out;
                if (max) {
                    for (int o = 0; o < out; o++) {
                        dx[dst + argmax[src + o]] += d[src + o];
                    }
                    continue;
                }
                for (int oy = 0; oy < g.outH(); oy++) {
                    int y0 = oy * g.sh() - g.ph();
                    int yFrom = Math.max(0, y0);
                    int yTo = Math.min(g.height(), y0 + g.kh());
                    for (int ox = 0; ox < g.outW(); ox++) {
                        int x0 = ox * g.sw() - g.pw();
                        int xFrom = Math.max(0, x0);
                        int xTo = Math.min(width, x0 + g.kw());
                        float share = d[src + oy * g.outW() + ox]
                                / g.divisor(includePad, yFrom, yTo, xFrom, xTo);
                        for (int iy = yFrom; iy < yTo; iy++) {
                            for (int ix = xFrom; ix < xTo; ix++) {
                                dx[dst + iy * width + ix] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
