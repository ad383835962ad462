package descent.optimizers.targetprop;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.model.DenseLayer;
import descent.api.model.Model;
import descent.api.optim.EpochPlan;
import descent.api.train.Batch;
import descent.api.train.Trainer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Target propagation for a fully connected ReLU network with a softmax output (seed 001, §3.1 to
 * §3.4; Lee et al. 2015 for {@code dtp}). Layers are numbered 1..L as in the thesis; layer L is the
 * output layer, linear up to the softmax of the cross-entropy.
 *
 * <h2>One step on a batch X, Y of N rows</h2>
 * <ol>
 *   <li>Forward: {@code z_i = h_{i−1}·W_i + b_i}, {@code h_i = ReLU(z_i)} for i &lt; L, {@code h_L = z_L},
 *       {@code p = softmax(z_L)}; the returned loss is the mean cross-entropy.</li>
 *   <li>Output target {@code ĥ_L = z_L − η (p − y)} per row: the gradient of the cross-entropy
 *       <em>summed</em> over the batch, so a row's target does not depend on the batch size (with the
 *       batch mean it would shrink N-fold, 500× at batch 500). {@code η = 1} is the thesis's
 *       {@code ĥ_L = h_L − ∂Loss/∂h_L}.</li>
 *   <li>Difference targets downwards, {@code ĥ_i = h_i + g_i(ĥ_{i+1}) − g_i(h_{i+1})}, with the
 *       inverses {@code g_i(u) = ReLU(u·V_i + c_i)} as they are before this step's inverse training
 *       (the thesis's order).</li>
 *   <li>Inverses: K₁ times, {@code ε ~ N(0, σ²)}, {@code t = h_i + ε}, one step of (V_i, c_i) on the
 *       local loss {@code (1/N) Σ ‖g_i(f_{i+1}(t)) − t‖²} with the same rule as the forward layers
 *       (for {@code dtp}: a fixed rate).</li>
 *   <li>Forward layers, each on its own: one step of (W_i, b_i) on
 *       {@code (1/N) Σ ‖act(h_{i−1}·W_i + b_i) − ĥ_i‖²} at the inputs {@code h_{i−1}} of the forward
 *       pass (the layers do not wait for each other, as in DTP), see {@link LocalStep}.</li>
 * </ol>
 *
 * <h2>Diagnostics</h2>
 * Per layer and epoch, means over the epoch's steps: {@code layerI_lr} (the rate taken),
 * {@code layerI_angle} (degrees between the update applied to (W_i, b_i) and the negative backprop
 * gradient of the mean cross-entropy on the same batch, computed here layer by layer from the same
 * forward pass and used for nothing else; taken on every {@code angle-every}-th step of the epoch,
 * from its first, because it costs a backward pass; steps without an update are skipped; NaN when
 * {@code angle-every} is 0), and for hidden
 * layers {@code layerI_active} (fraction of positive pre-activations), {@code layerI_inverse_loss}
 * (the inverse g_i's local loss on its noisy inputs before its first update of the step) and
 * {@code layerI_inverse_lr}.
 *
 * <h2>Randomness and state</h2>
 * The inverses start from He-normal weights ({@code N(0, 2/fan-in)}) and zero biases drawn from
 * the seed given to {@link #initialize}; the noise of step s, layer i, repetition j comes from ND4J's
 * default generator reseeded with a hash of (seed, s, i, j), so a run resumed from
 * {@link #exportState()} (inverse weights and the step counter) draws exactly what the
 * uninterrupted run would. Reseeding changes the state of that generator for the calling thread.
 */
final class TargetPropTrainer implements Trainer {

    private final Settings settings;

    private List<DenseLayer> layers;
    private DataType dtype;
    private INDArray[] inverseWeights;
    private INDArray[] inverseBias;
    private long seed;
    private long step;
    private long epochStep;
    private double forwardRate = Double.NaN;

    private Accumulator lr;
    private Accumulator active;
    private Accumulator inverseLoss;
    private Accumulator inverseLr;
    private Accumulator angle;

    TargetPropTrainer(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    @Override
    public void initialize(Model model, long seed) {
        List<DenseLayer> dense = model.denseLayers();
        if (dense.isEmpty()) {
            throw new DescentException("trainer '" + settings.id() + "' needs a fully connected network; model '"
                    + model.summary() + "' has other layers; use --model mlp");
        }
        for (int i = 0; i < dense.size(); i++) {
            String act = dense.get(i).activation().toLowerCase(Locale.ROOT);
            boolean last = i == dense.size() - 1;
            if (last ? !act.contains("softmax") : !act.contains("relu")) {
                throw new DescentException("trainer '" + settings.id() + "' needs ReLU hidden layers and a softmax output, but layer "
                        + (i + 1) + " of '" + model.summary() + "' has activation '" + dense.get(i).activation() + "'; use --model mlp");
            }
        }
        this.layers = dense;
        this.dtype = dense.get(0).weights().dataType();
        this.seed = seed;
        this.step = 0;
        int hidden = dense.size() - 1;
        inverseWeights = new INDArray[hidden];
        inverseBias = new INDArray[hidden];
        SplittableRandom random = new SplittableRandom(mix(seed, -1, 0, 0));
        for (int i = 0; i < hidden; i++) {
            int in = (int) dense.get(i + 1).outputs();
            int out = (int) dense.get(i).outputs();
            double sd = Math.sqrt(2.0 / in);
            double[] v = new double[in * out];
            for (int k = 0; k < v.length; k++) {
                v[k] = sd * random.nextGaussian();
            }
            inverseWeights[i] = Nd4j.create(v, new long[] {in, out}, 'c').castTo(dtype);
            inverseBias[i] = Nd4j.zeros(dtype, 1, out);
        }
        resetDiagnostics();
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        if (settings.fullBatch()) {
            plan.batchSize(Integer.MAX_VALUE);
        }
        forwardRate = plan.learningRate();
        epochStep = 0;
        resetDiagnostics();
    }

    private void resetDiagnostics() {
        int count = layers.size();
        lr = new Accumulator(count);
        active = new Accumulator(count - 1);
        inverseLoss = new Accumulator(count - 1);
        inverseLr = new Accumulator(count - 1);
        angle = new Accumulator(count);
    }

    @Override
    public double train(Batch batch) {
        if (layers == null) {
            throw new IllegalStateException("initialize first");
        }
        if (settings.forwardRule() == LocalStep.Rule.FIXED && Double.isNaN(forwardRate)) {
            throw new IllegalStateException("trainer '" + settings.id() + "' takes its rate from beforeEpoch(plan); call it first");
        }
        int count = layers.size();
        int n = batch.size();
        INDArray x = batch.features().castTo(dtype);
        INDArray y = batch.labels().castTo(dtype);

        // 1. Forward pass: inputs[i] = h_{i-1}, z[i] = pre-activation of layer i+1 (0-based arrays).
        INDArray[] inputs = new INDArray[count];
        INDArray[] z = new INDArray[count];
        INDArray h = x;
        for (int i = 0; i < count; i++) {
            inputs[i] = h;
            z[i] = LocalStep.preActivation(h, layers.get(i).weights(), layers.get(i).bias());
            h = i < count - 1 ? Transforms.relu(z[i], true) : z[i];
        }
        INDArray logits = z[count - 1];
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        INDArray logp = shifted.subiColumnVector(logSum);
        double loss = -logp.mul(y).sumNumber().doubleValue() / n;
        INDArray p = Transforms.exp(logp, true);
        INDArray dLogits = p.sub(y);

        // 2, 3. Targets: the summed loss's gradient at the output, differences through the inverses.
        INDArray[] target = new INDArray[count];
        target[count - 1] = logits.sub(dLogits.mul(settings.eta()));
        for (int i = count - 2; i >= 0; i--) {
            INDArray hi = inputs[i + 1];
            INDArray correction = inverse(i, target[i + 1]).subi(inverse(i, outputOf(i + 1, z)));
            target[i] = hi.add(correction);
        }

        // Backprop gradient of the mean cross-entropy, for the angle diagnostic only, on sampled steps.
        boolean compare = settings.angleEvery() > 0 && epochStep % settings.angleEvery() == 0;
        INDArray[] gradW = new INDArray[count];
        INDArray[] gradB = new INDArray[count];
        if (compare) {
            INDArray delta = dLogits.div(n);
            for (int i = count - 1; i >= 0; i--) {
                gradW[i] = inputs[i].transpose().mmul(delta);
                gradB[i] = delta.sum(true, 0);
                if (i > 0) {
                    delta = delta.mmul(layers.get(i).weights().transpose()).muli(Transforms.step(z[i - 1]));
                }
            }
        }

        // 4. Inverses, on noisy copies of the layer outputs.
        for (int i = 0; i < count - 1; i++) {
            INDArray hi = inputs[i + 1];
            DenseLayer next = layers.get(i + 1);
            boolean nextRelu = i + 1 < count - 1;
            for (int j = 0; j < settings.inverseSteps(); j++) {
                Nd4j.getRandom().setSeed(mix(seed, step, i, j));
                INDArray noisy = Nd4j.randn(Nd4j.createUninitialized(dtype, hi.shape()), Nd4j.getRandom())
                        .muli(settings.sigma()).addi(hi);
                INDArray u = LocalStep.preActivation(noisy, next.weights(), next.bias());
                if (nextRelu) {
                    Transforms.relu(u, false);
                }
                LocalStep.Result r = LocalStep.step(u, noisy, inverseWeights[i], inverseBias[i], true,
                        settings.inverseRule(), inverseRate(), settings.maxHalvings());
                if (j == 0) {
                    inverseLoss.add(i, r.lossBefore());
                }
                inverseLr.add(i, r.rate());
            }
        }

        // 5. Forward layers, each on its local loss at the forward pass's inputs.
        for (int i = 0; i < count; i++) {
            DenseLayer layer = layers.get(i);
            boolean relu = i < count - 1;
            LocalStep.Result r = LocalStep.step(inputs[i], target[i], layer.weights(), layer.bias(), relu,
                    settings.forwardRule(), forwardRuleRate(), settings.maxHalvings());
            lr.add(i, r.rate());
            if (relu) {
                active.add(i, r.activeFraction());
            }
            if (compare) {
                angle.add(i, angleDegrees(r.deltaWeights(), r.deltaBias(), gradW[i], gradB[i]));
            }
        }
        step++;
        epochStep++;
        return loss;
    }

    /** h_{i+1} from the stored pre-activations (0-based i+1: ReLU unless it is the output). */
    private INDArray outputOf(int index, INDArray[] z) {
        return index < z.length - 1 ? Transforms.relu(z[index], true) : z[index];
    }

    /** g_i(u) = ReLU(u·V_i + c_i), 0-based i. */
    INDArray inverse(int i, INDArray u) {
        return Transforms.relu(LocalStep.preActivation(u, inverseWeights[i], inverseBias[i]), false);
    }

    private double forwardRuleRate() {
        return settings.forwardRule() == LocalStep.Rule.FIXED ? forwardRate : settings.initialRate();
    }

    private double inverseRate() {
        return settings.inverseRule() == LocalStep.Rule.FIXED ? settings.inverseLr() : settings.initialRate();
    }

    /** Degrees between the update (dw, db) and the descent direction −(gw, gb); NaN if either is zero. */
    static double angleDegrees(INDArray dw, INDArray db, INDArray gw, INDArray gb) {
        double dot = -(dw.castTo(DataType.DOUBLE).mul(gw.castTo(DataType.DOUBLE)).sumNumber().doubleValue()
                + db.castTo(DataType.DOUBLE).mul(gb.castTo(DataType.DOUBLE)).sumNumber().doubleValue());
        double nd = Math.sqrt(sq(dw) + sq(db));
        double ng = Math.sqrt(sq(gw) + sq(gb));
        if (nd == 0 || ng == 0) {
            return Double.NaN;
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / (nd * ng)))));
    }

    private static double sq(INDArray a) {
        double v = a.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return v * v;
    }

    @Override
    public Map<String, Double> epochDiagnostics() {
        Map<String, Double> out = new LinkedHashMap<>();
        int count = layers.size();
        for (int i = 0; i < count; i++) {
            String name = "layer" + (i + 1) + "_";
            out.put(name + "lr", lr.mean(i));
            if (i < count - 1) {
                out.put(name + "active", active.mean(i));
                out.put(name + "inverse_loss", inverseLoss.mean(i));
                out.put(name + "inverse_lr", inverseLr.mean(i));
            }
            out.put(name + "angle", angle.mean(i));
        }
        return out;
    }

    @Override
    public Snapshot exportState() {
        Snapshot.Builder b = Snapshot.builder().number("step", step);
        for (int i = 0; i < inverseWeights.length; i++) {
            b.array("inverse" + (i + 1) + "_weights", inverseWeights[i]);
            b.array("inverse" + (i + 1) + "_bias", inverseBias[i]);
        }
        return b.build();
    }

    @Override
    public void importState(Snapshot state) {
        for (int i = 0; i < inverseWeights.length; i++) {
            assign(state, "inverse" + (i + 1) + "_weights", inverseWeights[i]);
            assign(state, "inverse" + (i + 1) + "_bias", inverseBias[i]);
        }
        step = (long) state.number("step");
    }

    private void assign(Snapshot state, String name, INDArray into) {
        INDArray saved = state.array(name);
        if (!Arrays.equals(saved.shape(), into.shape())) {
            throw new DescentException("checkpoint array '" + name + "' has shape " + Arrays.toString(saved.shape())
                    + " but trainer '" + settings.id() + "' expects " + Arrays.toString(into.shape())
                    + "; resume with the same model");
        }
        into.assign(saved.castTo(into.dataType()));
    }

    /** The inverse weights V_i (0-based i) as a live array, for tests. */
    INDArray inverseWeights(int i) {
        return inverseWeights[i];
    }

    /** The inverse bias c_i (0-based i) as a live array, for tests. */
    INDArray inverseBias(int i) {
        return inverseBias[i];
    }

    /** SplitMix64's finaliser over the four numbers: one well-spread seed per (seed, step, layer, repetition). */
    static long mix(long seed, long step, int layer, int repetition) {
        long h = seed;
        for (long v : new long[] {step, layer, repetition}) {
            h += 0x9E3779B97F4A7C15L + v;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    /** Per-layer sums of a diagnostic over the epoch's steps, skipping NaN. */
    private static final class Accumulator {
        private final double[] sum;
        private final int[] count;

        Accumulator(int layers) {
            sum = new double[Math.max(layers, 0)];
            count = new int[Math.max(layers, 0)];
        }

        void add(int layer, double value) {
            if (!Double.isNaN(value)) {
                sum[layer] += value;
                count[layer]++;
            }
        }

        double mean(int layer) {
            return count[layer] == 0 ? Double.NaN : sum[layer] / count[layer];
        }
    }
}
