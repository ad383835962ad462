package descent.engine.internal.fast;

/**
 * The layers of a {@link FastNetwork}, each with its forward and backward pass over a chunk of
 * rows. Activations are stored per example in DL4J's layout (an image as channels × height ×
 * width, row-major), so a dense layer after a convolution reads the same flattening DL4J's
 * {@code CnnToFeedForwardPreProcessor} produces, and parameters sit in the flat vector exactly
 * where DL4J puts them.
 *
 * <p>Ownership: every buffer here belongs to its op and is allocated once, for the largest chunk
 * ({@link #allocate}); the passes allocate nothing. {@code y} is the op's output, {@code dy} the
 * gradient of the loss with respect to it, which {@link #backward} overwrites.
 */
final class Ops {

    private Ops() {
    }

    /** One layer. */
    abstract static class Op {
        /** Values per example of the input and of the output. */
        final int inSize;
        final int outSize;
        Buf y;
        Buf dy;

        Op(int inSize, int outSize) {
            this.inSize = inSize;
            this.outSize = outSize;
        }

        /** Allocates the buffers for chunks of up to {@code rows} rows. */
        void allocate(org.nd4j.linalg.api.buffer.DataType type, int rows) {
            y = Buf.allocate(type, rows * outSize);
            dy = Buf.allocate(type, rows * outSize);
        }

        /** {@code y} from the input {@code x} (rows from element {@code xo}) and the parameters {@code p}. */
        abstract void forward(Buf x, int xo, int rows, Buf p);

        /**
         * Adds this layer's parameter gradient into {@code g} (or overwrites it when
         * {@code !accumulate}) from {@code dy}, and writes the input gradient into {@code dx}
         * unless it is null. {@code dy} may be overwritten.
         */
        abstract void backward(Buf x, int xo, int rows, Buf p, Buf g, boolean accumulate, Buf dx);

        /** One line for the model summary and errors. */
        abstract String describe();
    }

    /**
     * A fully connected layer, {@code z = x·W + b}, {@code y = act(z)}. DL4J stores W as an
     * {@code [nIn, nOut]} column-major matrix, which is {@code Wᵀ} row-major: the products below
     * read it so. Three BLAS calls forward and backward (the input gradient of the first layer is
     * not computed).
     */
    static final class Dense extends Op {
        final int w;
        final int b;
        final Activation act;
        final double alpha;
        Buf z;

        Dense(int nIn, int nOut, int weightOffset, int biasOffset, Activation act, double alpha) {
            super(nIn, nOut);
            this.w = weightOffset;
            this.b = biasOffset;
            this.act = act;
            this.alpha = alpha;
        }

        @Override
        void allocate(org.nd4j.linalg.api.buffer.DataType type, int rows) {
            super.allocate(type, rows);
            z = act == Activation.IDENTITY ? y : Buf.allocate(type, rows * outSize);
        }

        @Override
        void forward(Buf x, int xo, int rows, Buf p) {
            int n = outSize;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    z.set(r * n + j, p.get(b + j));
                }
            }
            Buf.gemm(false, true, rows, n, inSize, 1, x, xo, inSize, p, w, inSize, 1, z, 0, n);
            if (act != Activation.IDENTITY) {
                int total = rows * n;
                if (act == Activation.RELU) {
                    for (int i = 0; i < total; i++) {
                        double v = z.get(i);
                        y.set(i, v > 0 ? v : 0);
                    }
                } else {
                    for (int i = 0; i < total; i++) {
                        y.set(i, act.apply(z.get(i), alpha));
                    }
                }
            }
        }

        @Override
        void backward(Buf x, int xo, int rows, Buf p, Buf g, boolean accumulate, Buf dx) {
            int n = outSize;
            int total = rows * n;
            if (act != Activation.IDENTITY) {
                for (int i = 0; i < total; i++) {
                    dy.set(i, dy.get(i) * act.derivative(z.get(i), y.get(i), alpha));
                }
            }
            Buf.gemm(true, false, n, inSize, rows, 1, dy, 0, n, x, xo, inSize, accumulate ? 1 : 0, g, w, inSize);
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += dy.get(r * n + j);
                }
                g.set(b + j, accumulate ? g.get(b + j) + s : s);
            }
            if (dx != null) {
                Buf.gemm(false, false, rows, inSize, n, 1, dy, 0, n, p, w, inSize, 0, dx, 0, inSize);
            }
        }

        @Override
        String describe() {
            return "dense " + inSize + "->" + outSize + " " + act;
        }
    }

    /** Geometry of a 2-D window over an image: convolution or pooling. */
    record Window(int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int outH, int outW) {
        int inPlane() {
            return height * width;
        }

        int outPlane() {
            return outH * outW;
        }

        /**
         * Average pooling's divisor for a window clipped to rows {@code [yFrom, yTo)} and columns
         * {@code [xFrom, xTo)}: the whole kernel when padding counts (DL4J's
         * {@code avgPoolIncludePadInDivisor}), else the inputs inside.
         */
        int divisor(boolean includePad, int yFrom, int yTo, int xFrom, int xTo) {
            return includePad ? kh * kw : (yTo - yFrom) * (xTo - xFrom);
        }
    }

    /**
     * A 2-D convolution over NCHW images by im2col and one matrix product for the whole chunk:
     * {@code col} is {@code [C·kh·kw, rows·outH·outW]}, {@code z = W·col + b} is channel-major
     * ({@code [C_out, rows·outH·outW]}), and {@code y = act(z)} is written back per example in
     * NCHW. DL4J's W is {@code [C_out, C_in, kh, kw]} row-major, so it is the left factor as it is.
     * BLAS calls: one forward; two backward (one for the first layer, whose input gradient is not
     * needed).
     */
    static final class Conv extends Op {
        final Window g;
        final int outChannels;
        final int w;
        final int b;
        final Activation act;
        final double alpha;
        final int k;
        Buf col;
        Buf z;
        Buf dcol;

        Conv(Window g, int outChannels, int weightOffset, int biasOffset, Activation act, double alpha) {
            super(g.channels() * g.inPlane(), outChannels * g.outPlane());
            this.g = g;
            this.outChannels = outChannels;
            this.w = weightOffset;
            this.b = biasOffset;
            this.act = act;
            this.alpha = alpha;
            this.k = g.channels() * g.kh() * g.kw();
        }

        @Override
        void allocate(org.nd4j.linalg.api.buffer.DataType type, int rows) {
            super.allocate(type, rows);
            int n = rows * g.outPlane();
            col = Buf.allocate(type, k * n);
            z = Buf.allocate(type, outChannels * n);
            dcol = Buf.allocate(type, k * n);
        }

        @Override
        void forward(Buf x, int xo, int rows, Buf p) {
            int plane = g.outPlane();
            int n = rows * plane;
            im2col(x, xo, rows, n);
            for (int c = 0; c < outChannels; c++) {
                double bias = p.get(b + c);
                z.fill(c * n, c * n + n, bias);
            }
            Buf.gemm(false, false, outChannels, n, k, 1, p, w, k, col, 0, n, 1, z, 0, n);
            for (int c = 0; c < outChannels; c++) {
                for (int r = 0; r < rows; r++) {
                    int from = c * n + r * plane;
                    int to = r * outSize + c * plane;
                    if (act == Activation.RELU) {
                        for (int s = 0; s < plane; s++) {
                            double v = z.get(from + s);
                            y.set(to + s, v > 0 ? v : 0);
                        }
                    } else {
                        for (int s = 0; s < plane; s++) {
                            y.set(to + s, act.apply(z.get(from + s), alpha));
                        }
                    }
                }
            }
        }

        /** {@code col[(c·kh + i)·kw + j][r·outPlane + oy·outW + ox] = x[r][c][oy·sh − ph + i][ox·sw − pw + j]}, 0 outside. */
        private void im2col(Buf x, int xo, int rows, int n) {
            int plane = g.outPlane();
            int in = g.inPlane();
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        int row = ((c * g.kh() + i) * g.kw() + j) * n;
                        for (int r = 0; r < rows; r++) {
                            int src = xo + r * inSize + c * in;
                            int dst = row + r * plane;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int iy = oy * g.sh() - g.ph() + i;
                                int d = dst + oy * g.outW();
                                if (iy < 0 || iy >= g.height()) {
                                    col.fill(d, d + g.outW(), 0);
                                    continue;
                                }
                                int s = src + iy * g.width();
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int ix = ox * g.sw() - g.pw() + j;
                                    col.set(d + ox, ix >= 0 && ix < g.width() ? x.get(s + ix) : 0);
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        void backward(Buf x, int xo, int rows, Buf p, Buf grad, boolean accumulate, Buf dx) {
            int plane = g.outPlane();
            int n = rows * plane;
            // dz (channel-major, into z's storage) = dy (NCHW) ⊙ act'(z)
            for (int c = 0; c < outChannels; c++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    int at = c * n + r * plane;
                    int from = r * outSize + c * plane;
                    for (int q = 0; q < plane; q++) {
                        double zv = z.get(at + q);
                        double d = dy.get(from + q) * act.derivative(zv, act == Activation.TANH ? y.get(from + q) : 0, alpha);
                        z.set(at + q, d);
                        s += d;
                    }
                }
                grad.set(b + c, accumulate ? grad.get(b + c) + s : s);
            }
            Buf.gemm(false, true, outChannels, k, n, 1, z, 0, n, col, 0, n, accumulate ? 1 : 0, grad, w, k);
            if (dx == null) {
                return;
            }
            Buf.gemm(true, false, k, n, outChannels, 1, p, w, k, z, 0, n, 0, dcol, 0, n);
            col2im(dx, rows, n);
        }

        /** The adjoint of {@link #im2col}: {@code dx} is cleared, then every column entry is added back. */
        private void col2im(Buf dx, int rows, int n) {
            int plane = g.outPlane();
            int in = g.inPlane();
            dx.fill(0, rows * inSize, 0);
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        int row = ((c * g.kh() + i) * g.kw() + j) * n;
                        for (int r = 0; r < rows; r++) {
                            int dst = r * inSize + c * in;
                            int src = row + r * plane;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int iy = oy * g.sh() - g.ph() + i;
                                if (iy < 0 || iy >= g.height()) {
                                    continue;
                                }
                                int s = src + oy * g.outW();
                                int d = dst + iy * g.width();
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int ix = ox * g.sw() - g.pw() + j;
                                    if (ix >= 0 && ix < g.width()) {
                                        dx.add(d + ix, dcol.get(s + ox));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        String describe() {
            return "conv " + g.kh() + "x" + g.kw() + "x" + outChannels + " stride " + g.sh() + "x" + g.sw() + " pad " + g.ph() + "x"
                    + g.pw() + " " + g.channels() + "x" + g.height() + "x" + g.width() + "->" + outChannels + "x" + g.outH() + "x"
                    + g.outW() + " " + act;
        }
    }

    /**
     * Max or average pooling over NCHW images. Max pooling remembers the winning input of every
     * output (the first maximum, in window order) and routes the gradient there; average pooling
     * divides by the window's size, counting padding or not as DL4J's
     * {@code avgPoolIncludePadInDivisor} says. No BLAS calls.
     */
    static final class Pool extends Op {
        final Window g;
        final boolean max;
        final boolean includePad;
        int[] argmax;

        Pool(Window g, boolean max, boolean includePad) {
            super(g.channels() * g.inPlane(), g.channels() * g.outPlane());
            this.g = g;
            this.max = max;
            this.includePad = includePad;
        }

        @Override
        void allocate(org.nd4j.linalg.api.buffer.DataType type, int rows) {
            super.allocate(type, rows);
            argmax = max ? new int[rows * outSize] : null;
        }

        @Override
        void forward(Buf x, int xo, int rows, Buf p) {
            int in = g.inPlane();
            int out = g.outPlane();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < g.channels(); c++) {
                    int src = xo + r * inSize + c * in;
                    int dst = r * outSize + c * out;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int y0 = oy * g.sh() - g.ph();
                        int yFrom = Math.max(0, y0);
                        int yTo = Math.min(g.height(), y0 + g.kh());
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int x0 = ox * g.sw() - g.pw();
                            int xFrom = Math.max(0, x0);
                            int xTo = Math.min(g.width(), x0 + g.kw());
                            int o = dst + oy * g.outW() + ox;
                            if (max) {
                                double best = Double.NEGATIVE_INFINITY;
                                int at = -1;
                                for (int iy = yFrom; iy < yTo; iy++) {
                                    for (int ix = xFrom; ix < xTo; ix++) {
                                        double v = x.get(src + iy * g.width() + ix);
                                        if (v > best || at < 0) {
                                            best = v;
                                            at = iy * g.width() + ix;
                                        }
                                    }
                                }
                                y.set(o, best);
                                argmax[o] = at;
                            } else {
                                double s = 0;
                                for (int iy = yFrom; iy < yTo; iy++) {
                                    for (int ix = xFrom; ix < xTo; ix++) {
                                        s += x.get(src + iy * g.width() + ix);
                                    }
                                }
                                y.set(o, s / g.divisor(includePad, yFrom, yTo, xFrom, xTo));
                            }
                        }
                    }
                }
            }
        }

        @Override
        void backward(Buf x, int xo, int rows, Buf p, Buf grad, boolean accumulate, Buf dx) {
            if (dx == null) {
                return;
            }
            int in = g.inPlane();
            int out = g.outPlane();
            dx.fill(0, rows * inSize, 0);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < g.channels(); c++) {
                    int dst = r * inSize + c * in;
                    int src = r * outSize + c * out;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int y0 = oy * g.sh() - g.ph();
                        int yFrom = Math.max(0, y0);
                        int yTo = Math.min(g.height(), y0 + g.kh());
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int o = src + oy * g.outW() + ox;
                            double d = dy.get(o);
                            if (max) {
                                dx.add(dst + argmax[o], d);
                                continue;
                            }
                            int x0 = ox * g.sw() - g.pw();
                            int xFrom = Math.max(0, x0);
                            int xTo = Math.min(g.width(), x0 + g.kw());
                            double share = d / g.divisor(includePad, yFrom, yTo, xFrom, xTo);
                            for (int iy = yFrom; iy < yTo; iy++) {
                                for (int ix = xFrom; ix < xTo; ix++) {
                                    dx.add(dst + iy * g.width() + ix, share);
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        String describe() {
            return (max ? "max" : "avg") + "-pool " + g.kh() + "x" + g.kw() + " stride " + g.sh() + "x" + g.sw() + " "
                    + g.channels() + "x" + g.height() + "x" + g.width() + "->" + g.channels() + "x" + g.outH() + "x" + g.outW();
        }
    }
}
