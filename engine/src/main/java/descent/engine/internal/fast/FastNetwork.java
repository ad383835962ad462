package descent.engine.internal.fast;

import descent.api.model.DenseLayer;
import descent.api.model.Model;
import descent.engine.internal.fast.Ops.Conv;
import descent.engine.internal.fast.Ops.Dense;
import descent.engine.internal.fast.Ops.Op;
import descent.engine.internal.fast.Ops.Pool;
import descent.engine.internal.fast.Ops.Window;
import descent.engine.internal.model.Dl4jModel;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

/**
 * The fast executor: a DL4J {@link MultiLayerNetwork} compiled into a fixed plan of layers that
 * run as a few OpenBLAS products and plain Java loops over buffers allocated once, with the loss
 * and gradient written straight into the flat parameter layout DL4J uses. The parameters are the
 * network's own array ({@link #parameters()} is {@code network.params()}), so DL4J, checkpoints,
 * {@link #denseLayers()} and this executor all see one set of weights.
 *
 * <p>Supported: dense layers, 2-D convolutions (any kernel and stride; truncate, strict or same
 * padding; no dilation) and max or average pooling over NCHW images, with ReLU, leaky ReLU, tanh
 * or identity activations, ending in a softmax layer with the multi-class cross-entropy (MCXENT or
 * negative log-likelihood). Anything else (dropout, per-layer regularisation or constraints,
 * other losses, batch normalisation, ...) is reported by {@link #compile} and the DL4J path runs.
 *
 * <p>Native calls per training step: 3 per dense layer (2 for the first), 3 per convolution (2
 * for the first), none for pooling, softmax and the loss; the LeNet of seed 000 takes 20, the
 * 784-64-32-10 MLP 8. A batch larger than the planned chunk is processed in chunks whose
 * gradients are summed, so memory stays bounded ({@link #CHUNK_VALUES}) for any batch or
 * evaluation size.
 *
 * <p>Not thread-safe; one training run owns it.
 */
public final class FastNetwork implements Model {

    /** Work memory per chunk, in values: bounds the rows processed at once. */
    static final long CHUNK_VALUES = Long.getLong("descent.fast.chunk", 8L << 20);

    private final Dl4jModel reference;
    private final INDArray params;
    private final INDArray gradient;
    private final Buf p;
    private final Buf g;
    private final List<Op> ops;
    private final int features;
    private final int classes;
    private final DataType type;
    private final int chunk;
    private int allocated;
    private Buf probabilities;
    private final List<FloatOps.Op> floatOps;
    private float[] heapInput = new float[0];
    private float[] heapLabels = new float[0];
    private float[] heapOut = new float[0];
    private final Inputs inputs = new Inputs();
    private final Inputs targets = new Inputs();

    private FastNetwork(Dl4jModel reference, List<Op> ops, int features, int classes, DataType type) {
        this.reference = reference;
        this.params = reference.parameters();
        this.gradient = Nd4j.zeros(type, params.shape());
        this.p = Buf.of(params);
        this.g = Buf.of(gradient);
        this.ops = List.copyOf(ops);
        this.features = features;
        this.classes = classes;
        this.type = type;
        long perRow = features + 2L * classes;
        for (Op op : ops) {
            perRow += 2L * op.outSize;
            if (op instanceof Conv c) {
                perRow += (2L * c.k + c.outChannels) * c.g.outPlane();
            } else if (op instanceof Dense d && d.act != Activation.IDENTITY) {
                perRow += d.outSize;
            }
        }
        this.chunk = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, CHUNK_VALUES / perRow));
        this.floatOps = type == DataType.FLOAT && !Boolean.getBoolean(GENERIC_PROPERTY) ? this.ops.stream().map(FastNetwork::floatOp).toList() : null;
        if (floatOps != null && floatOps.get(0) instanceof FloatOps.Conv c) {
            c.first = true;
        }
    }

    /** System property: run float networks on the generic kernels of {@link Ops} too (for tests). */
    static final String GENERIC_PROPERTY = "descent.fast.generic";

    private static FloatOps.Op floatOp(Op op) {
        if (op instanceof Dense d) {
            return new FloatOps.Dense(d);
        }
        if (op instanceof Conv c) {
            return new FloatOps.Conv(c);
        }
        return new FloatOps.Pool((Pool) op);
    }

    /** Which kernels run: {@code float32} or the precision-generic reference. */
    public String kernels() {
        if (floatOps == null) {
            return "generic " + type.name().toLowerCase(java.util.Locale.ROOT);
        }
        boolean direct = floatOps.stream().anyMatch(op -> op instanceof FloatOps.Conv c && c.direct);
        return direct ? "float32, Vector API direct convolution" : VectorSupport.AVAILABLE ? "float32, Vector API" : "float32";
    }

    /** What {@link #compile} found: the fast network, or why there is none. */
    public record Compiled(FastNetwork network, String reason) {
        public boolean ok() {
            return network != null;
        }
    }

    /**
     * The fast plan of {@code model}'s network, sharing its parameters; or the first layer or
     * setting it cannot run, in words.
     */
    public static Compiled compile(Dl4jModel model) {
        MultiLayerNetwork net = model.network();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        DataType type = net.params().dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            return new Compiled(null, "parameters of type " + type);
        }
        if (!Buf.rowMajorContiguous(net.params().reshape(-1)) || net.params().length() > Integer.MAX_VALUE) {
            return new Compiled(null, "a parameter vector the executor cannot address");
        }
        long base = net.params().offset();
        int n = conf.getConfs().size();
        List<Op> ops = new ArrayList<>();
        int[] shape = null; // channels, height, width of the current image, or null for a vector
        int size = -1;
        int features = -1;
        int classes = -1;
        for (int i = 0; i < n; i++) {
            var layerConf = conf.getConf(i).getLayer();
            String where = "layer " + i + " (" + layerConf.getClass().getSimpleName() + ")";
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre instanceof FeedForwardToCnnPreProcessor f) {
                if (size >= 0 && size != f.getNumChannels() * f.getInputHeight() * f.getInputWidth()) {
                    return new Compiled(null, where + ": its input preprocessor does not match the previous layer");
                }
                shape = new int[] {(int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth()};
                size = shape[0] * shape[1] * shape[2];
            } else if (pre instanceof CnnToFeedForwardPreProcessor c) {
                if (shape == null || c.getNumChannels() != shape[0] || c.getInputHeight() != shape[1] || c.getInputWidth() != shape[2]
                        || c.getFormat() != CNN2DFormat.NCHW) {
                    return new Compiled(null, where + ": its input preprocessor does not match the previous layer");
                }
                shape = null;
            } else if (pre != null) {
                return new Compiled(null, where + ": input preprocessor " + pre.getClass().getSimpleName());
            }
            if (layerConf.getIDropout() != null) {
                return new Compiled(null, where + ": dropout");
            }
            if (layerConf.getConstraints() != null && !layerConf.getConstraints().isEmpty()) {
                return new Compiled(null, where + ": constraints");
            }
            if (layerConf instanceof BaseLayer bl) {
                if (!bl.getRegularization().isEmpty() || !bl.getRegularizationBias().isEmpty()) {
                    return new Compiled(null, where + ": regularisation (descent's --weight-decay applies to every executor)");
                }
                if (bl.getGradientNormalization() != null
                        && bl.getGradientNormalization() != org.deeplearning4j.nn.conf.GradientNormalization.None) {
                    return new Compiled(null, where + ": gradient normalisation");
                }
            }
            var layer = net.getLayer(i);
            double[] alpha = {0};
            if (layerConf instanceof OutputLayer out) {
                if (i != n - 1 || shape != null) {
                    return new Compiled(null, where + ": an output layer that is not last, or after images");
                }
                if (!(out.getLossFn() instanceof LossMCXENT mc && mc.getWeights() == null)
                        && !(out.getLossFn() instanceof LossNegativeLogLikelihood nll && nll.getWeights() == null)) {
                    return new Compiled(null, where + ": loss " + out.getLossFn() + " (only the multi-class cross-entropy)");
                }
                if (!(out.getActivationFn() instanceof ActivationSoftmax) || !out.hasBias()) {
                    return new Compiled(null, where + ": output activation " + out.getActivationFn() + " (only softmax, with a bias)");
                }
                Integer[] offsets = denseOffsets(layer, base);
                if (offsets == null) {
                    return new Compiled(null, where + ": parameters not in DL4J's dense layout");
                }
                int nIn = (int) out.getNIn();
                if (size >= 0 && size != nIn) {
                    return new Compiled(null, where + ": " + nIn + " inputs after a layer of " + size);
                }
                if (size < 0) {
                    features = nIn;
                }
                ops.add(new Dense(nIn, (int) out.getNOut(), offsets[0], offsets[1], Activation.IDENTITY, 0));
                classes = (int) out.getNOut();
                size = classes;
            } else if (layerConf instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                if (shape == null) {
                    return new Compiled(null, where + ": a convolution without an image input");
                }
                if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW || conv.getDilation()[0] != 1 || conv.getDilation()[1] != 1
                        || !conv.hasBias()) {
                    return new Compiled(null, where + ": NHWC, dilation or no bias");
                }
                var act = Activation.of(conv.getActivationFn(), alpha);
                if (act.isEmpty()) {
                    return new Compiled(null, where + ": activation " + conv.getActivationFn());
                }
                if (conv.getNIn() != shape[0]) {
                    return new Compiled(null, where + ": " + conv.getNIn() + " input channels after " + shape[0]);
                }
                Window w = window(shape, conv.getKernelSize(), conv.getStride(), conv.getPadding(), conv.getConvolutionMode());
                if (w == null) {
                    return new Compiled(null, where + ": its window does not fit the input " + shape[1] + "x" + shape[2]);
                }
                INDArray wv = layer.getParam("W");
                INDArray bv = layer.getParam("b");
                if (wv.ordering() != 'c' || !contiguous(wv) || !contiguous(bv)) {
                    return new Compiled(null, where + ": parameters not in DL4J's convolution layout");
                }
                int outC = (int) conv.getNOut();
                if (w.outH() == 1 && w.outW() == 1 && w.ph() == 0 && w.pw() == 0 && w.kh() == w.height() && w.kw() == w.width()) {
                    // A kernel the size of its unpadded input (LeNet's third convolution) is a
                    // dense layer: W [C_out, C_in·kh·kw] row-major is the dense layer's Wᵀ, and
                    // the NCHW input flattened per example is its input row.
                    ops.add(new Dense(w.channels() * w.inPlane(), outC, (int) (wv.offset() - base), (int) (bv.offset() - base),
                            act.get(), alpha[0]));
                } else {
                    ops.add(new Conv(w, outC, (int) (wv.offset() - base), (int) (bv.offset() - base), act.get(), alpha[0]));
                }
                if (features < 0) {
                    features = size;
                }
                shape = new int[] {outC, w.outH(), w.outW()};
                size = outC * w.outH() * w.outW();
            } else if (layerConf instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
                if (shape == null || pool.getCnn2dDataFormat() != CNN2DFormat.NCHW
                        || pool.getDilation()[0] != 1 || pool.getDilation()[1] != 1) {
                    return new Compiled(null, where + ": pooling without an NCHW image input, or dilated");
                }
                boolean max = pool.getPoolingType() == PoolingType.MAX;
                if (!max && pool.getPoolingType() != PoolingType.AVG) {
                    return new Compiled(null, where + ": pooling type " + pool.getPoolingType());
                }
                Window w = window(shape, pool.getKernelSize(), pool.getStride(), pool.getPadding(), pool.getConvolutionMode());
                if (w == null) {
                    return new Compiled(null, where + ": its window does not fit the input " + shape[1] + "x" + shape[2]);
                }
                if (features < 0) {
                    features = size;
                }
                ops.add(new Pool(w, max, pool.isAvgPoolIncludePadInDivisor()));
                shape = new int[] {shape[0], w.outH(), w.outW()};
                size = shape[0] * shape[1] * shape[2];
            } else if (layerConf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer dense
                    && dense.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class) {
                if (shape != null) {
                    return new Compiled(null, where + ": a dense layer on images without a preprocessor");
                }
                var act = Activation.of(dense.getActivationFn(), alpha);
                if (act.isEmpty() || !dense.hasBias() || dense.hasLayerNorm()) {
                    return new Compiled(null, where + ": activation " + dense.getActivationFn() + ", no bias, or layer norm");
                }
                Integer[] offsets = denseOffsets(layer, base);
                if (offsets == null) {
                    return new Compiled(null, where + ": parameters not in DL4J's dense layout");
                }
                int nIn = (int) dense.getNIn();
                if (size >= 0 && size != nIn) {
                    return new Compiled(null, where + ": " + nIn + " inputs after a layer of " + size);
                }
                if (features < 0) {
                    features = nIn;
                }
                ops.add(new Dense(nIn, (int) dense.getNOut(), offsets[0], offsets[1], act.get(), alpha[0]));
                size = (int) dense.getNOut();
            } else {
                return new Compiled(null, where + ": a layer type the fast executor does not run");
            }
        }
        if (classes < 0) {
            return new Compiled(null, "no softmax output layer");
        }
        return new Compiled(new FastNetwork(model, ops, features, classes, type), null);
    }

    private static boolean contiguous(INDArray a) {
        return a.length() == 1 || a.elementWiseStride() == 1;
    }

    /** Offsets of W ({@code [nIn, nOut]} column-major) and b in the flat vector; null if laid out otherwise. */
    private static Integer[] denseOffsets(org.deeplearning4j.nn.api.Layer layer, long base) {
        INDArray w = layer.getParam("W");
        INDArray b = layer.getParam("b");
        if (w == null || b == null || w.rank() != 2 || !contiguous(b)) {
            return null;
        }
        boolean columnMajor = w.size(0) == 1 || w.size(1) == 1 ? contiguous(w) : w.stride(0) == 1 && w.stride(1) == w.size(0);
        if (!columnMajor) {
            return null;
        }
        return new Integer[] {(int) (w.offset() - base), (int) (b.offset() - base)};
    }

    /** The window of a convolution or pooling layer on a {@code [c, h, w]} input as DL4J computes it; null if it does not fit. */
    private static Window window(int[] shape, int[] kernel, int[] stride, int[] padding, ConvolutionMode mode) {
        int h = shape[1];
        int w = shape[2];
        int kh = kernel[0];
        int kw = kernel[1];
        int sh = stride[0];
        int sw = stride[1];
        int outH;
        int outW;
        int ph;
        int pw;
        if (mode == ConvolutionMode.Same) {
            outH = (h + sh - 1) / sh;
            outW = (w + sw - 1) / sw;
            ph = Math.max(0, (outH - 1) * sh + kh - h) / 2;
            pw = Math.max(0, (outW - 1) * sw + kw - w) / 2;
        } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            ph = padding[0];
            pw = padding[1];
            outH = (h + 2 * ph - kh) / sh + 1;
            outW = (w + 2 * pw - kw) / sw + 1;
            if (h + 2 * ph < kh || w + 2 * pw < kw) {
                return null;
            }
        } else {
            return null;
        }
        if (outH < 1 || outW < 1) {
            return null;
        }
        return new Window(shape[0], h, w, kh, kw, sh, sw, ph, pw, outH, outW);
    }

    /** The DL4J model this plan was compiled from (same parameters): the reference path. */
    public Dl4jModel reference() {
        return reference;
    }

    /** The layers, one line each. */
    public List<String> plan() {
        return ops.stream().map(Op::describe).toList();
    }

    /** Rows processed at once. */
    public int chunkRows() {
        return chunk;
    }

    /** Rows the buffers are allocated for so far (0 before the first pass). */
    int allocatedRows() {
        return allocated;
    }

    @Override
    public INDArray parameters() {
        return params;
    }

    @Override
    public INDArray gradient() {
        return gradient;
    }

    @Override
    public double computeGradient(INDArray x, INDArray y) {
        return run(x, y, true, null);
    }

    @Override
    public double loss(INDArray x, INDArray y) {
        return run(x, y, false, null);
    }

    @Override
    public INDArray output(INDArray x) {
        INDArray out = Nd4j.create(type, x.size(0), classes);
        run(x, null, false, Buf.of(out));
        return out;
    }

    /**
     * Forward (and backward) over the rows of {@code x} in chunks; the mean cross-entropy against
     * {@code y} when given, probabilities into {@code out} when given.
     */
    private double run(INDArray x, INDArray y, boolean backward, Buf out) {
        int rows = (int) x.size(0);
        if (x.size(1) != features || (y != null && (y.size(0) != rows || y.size(1) != classes))) {
            throw new IllegalArgumentException("the network takes [rows, " + features + "] features and [rows, " + classes
                    + "] labels, got " + java.util.Arrays.toString(x.shape()) + (y == null ? "" : " and " + java.util.Arrays.toString(y.shape())));
        }
        if (floatOps != null) {
            return runFloat(x, y, backward, out);
        }
        Buf xb = inputs.view(x, type);
        int xBase = inputs.offset;
        Buf yb = y == null ? null : targets.view(y, type);
        int yBase = y == null ? 0 : targets.offset;
        int chunk = rowsAtOnce(backward);
        ensure(Math.min(rows, chunk));
        double lossSum = 0;
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            int xo = xBase + from * features;
            Buf in = xb;
            int io = xo;
            for (Op op : ops) {
                op.forward(in, io, n, p);
                in = op.y;
                io = 0;
            }
            lossSum += softmax(in, n, yb, yBase + from * classes, backward ? 1.0 / rows : 0, out, from * classes);
            if (backward) {
                for (int i = ops.size() - 1; i >= 0; i--) {
                    Op op = ops.get(i);
                    Buf opIn = i == 0 ? xb : ops.get(i - 1).y;
                    int opInOffset = i == 0 ? xo : 0;
                    Buf dIn = i == 0 ? null : ops.get(i - 1).dy;
                    op.backward(opIn, opInOffset, n, p, g, from > 0, dIn);
                }
            }
        }
        return y == null ? Double.NaN : lossSum / rows;
    }

    /**
     * Rows per chunk: {@link #chunkRows()} for a gradient; for a forward pass (evaluation) no more
     * than the rows already allocated, or {@value #EVALUATION_ROWS} before any: a test set is then
     * evaluated in the buffers training uses instead of growing them to a chunk (32 MB for LeNet,
     * whose chunk is 185 rows) for the rest of the run; its products run as fast per row.
     */
    private int rowsAtOnce(boolean backward) {
        return backward ? chunk : Math.min(chunk, Math.max(allocated, EVALUATION_ROWS));
    }

    /** The most rows a forward pass allocates buffers for, unless a gradient needed more. */
    static final int EVALUATION_ROWS = 64;

    /** {@link #run} on the float32 kernels. */
    private double runFloat(INDArray x, INDArray y, boolean backward, Buf out) {
        int rows = (int) x.size(0);
        Buf.F32 xb = (Buf.F32) inputs.view(x, type);
        int xBase = inputs.offset;
        Buf.F32 yb = y == null ? null : (Buf.F32) targets.view(y, type);
        int yBase = y == null ? 0 : targets.offset;
        int chunk = rowsAtOnce(backward);
        ensureFloat(Math.min(rows, chunk));
        Buf.F32 p32 = (Buf.F32) p;
        Buf.F32 g32 = (Buf.F32) g;
        FloatOps.Op first = floatOps.get(0);
        FloatOps.Op last = floatOps.get(floatOps.size() - 1);
        double lossSum = 0;
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            int xo = xBase + from * features;
            if (first.readsNative()) {
                first.forward(null, xb, xo, n, p32);
            } else {
                xb.get(xo, heapInput, 0, n * features);
                first.forward(heapInput, null, 0, n, p32);
            }
            for (int i = 1; i < floatOps.size(); i++) {
                floatOps.get(i).forward(floatOps.get(i - 1).y, null, 0, n, p32);
            }
            if (yb != null) {
                yb.get(yBase + from * classes, heapLabels, 0, n * classes);
            }
            lossSum += softmax(last.y, n, yb == null ? null : heapLabels, backward ? 1.0 / rows : 0, last.dy,
                    out == null ? null : heapOut);
            if (out != null) {
                ((Buf.F32) out).put(from * classes, heapOut, 0, n * classes);
            }
            if (backward) {
                for (int i = floatOps.size() - 1; i >= 0; i--) {
                    FloatOps.Op op = floatOps.get(i);
                    op.backward(i == 0 ? heapInput : floatOps.get(i - 1).y, n, p32, g32, from > 0, i == 0 ? null : floatOps.get(i - 1).dy);
                }
            }
        }
        return y == null ? Double.NaN : lossSum / rows;
    }

    /** Float softmax and cross-entropy: as {@link #softmax(Buf, int, Buf, int, double, Buf, int)}, on heap arrays. */
    private double softmax(float[] z, int rows, float[] labels, double scale, float[] dz, float[] out) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int at = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[at + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[at + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < classes; j++) {
                double logp = z[at + j] - max - logSum;
                double pr = Math.exp(logp);
                if (out != null) {
                    out[at + j] = (float) pr;
                }
                if (labels != null) {
                    double t = labels[at + j];
                    if (t != 0) {
                        loss -= t * Math.max(logp, LOG_CLIP);
                    }
                    if (scale > 0) {
                        dz[at + j] = (float) (scale * (pr - t));
                    }
                }
            }
        }
        return loss;
    }

    private void ensureFloat(int rows) {
        if (rows <= allocated) {
            return;
        }
        for (FloatOps.Op op : floatOps) {
            op.allocate(rows);
        }
        heapInput = new float[rows * features];
        heapLabels = new float[rows * classes];
        heapOut = new float[rows * classes];
        allocated = rows;
    }

    /**
     * Softmax of the logits {@code z} (in place, into {@link #probabilities}), the summed
     * cross-entropy against the labels, and, when {@code scale > 0}, {@code scale·(p − y)} into the
     * output layer's {@code dy}. Each row's log-sum-exp is taken after subtracting its maximum.
     */
    private double softmax(Buf z, int rows, Buf labels, int lo, double scale, Buf out, int oo) {
        Dense last = (Dense) ops.get(ops.size() - 1);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int at = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z.get(at + j));
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                double e = Math.exp(z.get(at + j) - max);
                probabilities.set(at + j, e);
                sum += e;
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < classes; j++) {
                double pr = probabilities.get(at + j) / sum;
                probabilities.set(at + j, pr);
                if (out != null) {
                    out.set(oo + at + j, pr);
                }
                if (labels != null) {
                    double t = labels.get(lo + at + j);
                    if (t != 0) {
                        // DL4J clips probabilities at 1e-10 before the log; so does this.
                        double logp = z.get(at + j) - max - logSum;
                        loss -= t * Math.max(logp, LOG_CLIP);
                    }
                    if (scale > 0) {
                        last.dy.set(at + j, scale * (pr - t));
                    }
                }
            }
        }
        return loss;
    }

    private static final double LOG_CLIP = Math.log(1e-10);

    private void ensure(int rows) {
        if (rows <= allocated) {
            return;
        }
        for (Op op : ops) {
            op.allocate(type, rows);
        }
        probabilities = Buf.allocate(type, rows * classes);
        allocated = rows;
    }

    @Override
    public List<DenseLayer> denseLayers() {
        return reference.denseLayers();
    }

    @Override
    public String summary() {
        return reference.summary();
    }

    /**
     * A view of the memory behind the caller's array, remade only when that memory changes: the
     * mini-batches of an epoch are row blocks of one buffer, so every step of an epoch reuses one
     * view and only {@link #offset} moves. An array that is not row-major contiguous, or of
     * another type, is copied first.
     */
    private static final class Inputs {
        private DataBuffer data;
        private Buf view;
        /** Element offset of the array's first value in {@link #view}. */
        int offset;

        Buf view(INDArray a, DataType type) {
            INDArray src = a;
            if (a.dataType() != type || !Buf.rowMajorContiguous(a)) {
                src = a.castTo(type).dup('c');
            }
            DataBuffer root = Buf.root(src);
            if (root != data) {
                view = Buf.ofRoot(src);
                data = root;
            }
            offset = Math.toIntExact(Buf.rootOffset(src));
            return view;
        }
    }
}
