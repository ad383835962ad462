package descent.optimizers.targetprop;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.model.DenseLayer;
import descent.api.model.Model;
import descent.api.model.Orthogonal;
import descent.api.optim.EpochPlan;
import descent.api.optim.OptimizerCatalog;
import descent.api.train.Batch;
import descent.api.train.Trainer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
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
 *       by default ({@code inverse-optimizer} gives them a fixed rate or a descent optimizer of their
 *       own; {@code dtp}: Lee's centered RMSprop; {@code dtp-thesis}: a fixed rate). σ and K₁ may be
 *       set per layer.</li>
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
 * The inverses start from He-normal weights ({@code N(0, 2/fan-in)}), or orthogonal ones
 * ({@code inverse-init=orthogonal}, Lee's and {@code dtp}'s default), and zero biases, drawn from
 * the seed given to {@link #initialize}; the noise of step s, layer i, repetition j comes from a
 * {@link SplittableRandom} seeded with a hash of (seed, s, i, j), so a run resumed from
 * {@link #exportState()} (inverse weights and the step counter) draws exactly what the
 * uninterrupted run would, and ND4J's own generator is left alone.
 */
final class TargetPropTrainer implements Trainer {

    private final Settings settings;
    private final OptimizerCatalog optimizers;

    private List<DenseLayer> layers;
    private DataType dtype;
    private Activation hidden;
    private int inverseCount;
    private INDArray[] inverseWeights;
    private INDArray[] inverseBias;
    private INDArray[] initialWeights;
    private double[] sigmas;
    private int[] inverseSteps;
    private LayerOptimizer[] forwardOptimizers;
    private LayerOptimizer[] inverseOptimizers;
    private double[] forwardRates;
    private double[] inverseRates;
    private long seed;
    private long step;
    private long epochStep;
    private int epoch;
    private double forwardRate = Double.NaN;
    /** The float path's working arrays, reused from step to step (a trainer runs on one thread). */
    private final LocalStep.Scratch scratch = new LocalStep.Scratch();

    private Accumulator lr;
    private Accumulator active;
    private Accumulator inverseLoss;
    private Accumulator inverseLr;
    private Accumulator angle;

    TargetPropTrainer(Settings settings, OptimizerCatalog optimizers) {
        this.settings = settings;
        this.optimizers = optimizers;
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
        int count = dense.size();
        if (settings.firstTarget() == Settings.FirstTarget.LAST_HIDDEN && count < 2) {
            throw new DescentException("trainer '" + settings.id() + "' starts its targets at the last hidden layer, but model '"
                    + model.summary() + "' has none; give --hidden");
        }
        Activation act = null;
        for (int i = 0; i < count; i++) {
            String name = dense.get(i).activation().toLowerCase(Locale.ROOT);
            boolean last = i == count - 1;
            Activation a = name.contains("relu") ? Activation.RELU : name.contains("tanh") ? Activation.TANH : null;
            boolean ok = last ? name.contains("softmax") : a != null && (act == null || act == a);
            if (!ok) {
                throw new DescentException("trainer '" + settings.id() + "' needs hidden layers that are all ReLU or all tanh and a softmax output, but layer "
                        + (i + 1) + " of '" + model.summary() + "' has activation '" + dense.get(i).activation() + "'; use --model mlp");
            }
            if (!last) {
                act = a;
            }
        }
        this.hidden = act == null ? Activation.RELU : act;
        if (hidden == Activation.TANH && (reluOnly(settings.forwardRule()) || reluOnly(settings.inverseRule()))) {
            throw new DescentException("trainer '" + settings.id() + "' computes its rates for ReLU layers (seed 001), but '"
                    + model.summary() + "' has tanh layers; use --activation relu, or a trainer with fixed rates or optimizers (dtp)");
        }
        this.layers = dense;
        this.dtype = dense.get(0).weights().dataType();
        this.seed = seed;
        this.step = 0;
        inverseCount = settings.inverses(count);
        sigmas = settings.sigmas(inverseCount);
        inverseSteps = settings.inverseStepsByLayer(inverseCount);
        inverseWeights = new INDArray[inverseCount];
        inverseBias = new INDArray[inverseCount];
        SplittableRandom random = new SplittableRandom(mix(seed, -1, 0, 0));
        for (int i = 0; i < inverseCount; i++) {
            int in = (int) dense.get(i + 1).outputs();
            int out = (int) dense.get(i).outputs();
            double[] v;
            if (settings.orthogonalInverses()) {
                v = Orthogonal.matrix(in, out, 1, random);
            } else {
                double sd = Math.sqrt(2.0 / in);
                v = new double[in * out];
                for (int k = 0; k < v.length; k++) {
                    v[k] = sd * random.nextGaussian();
                }
            }
            inverseWeights[i] = Nd4j.create(v, new long[] {in, out}, 'c').castTo(dtype);
            inverseBias[i] = Nd4j.zeros(dtype, 1, out);
        }
        initialWeights = new INDArray[count];
        for (int i = 0; i < count; i++) {
            initialWeights[i] = dense.get(i).weights().dup('c');
        }
        forwardOptimizers = new LayerOptimizer[count];
        inverseOptimizers = new LayerOptimizer[inverseCount];
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            if (last ? settings.outputRule() == Settings.OutputRule.OPTIMIZER : settings.forwardRule() == LocalStep.Rule.OPTIMIZER) {
                forwardOptimizers[i] = new LayerOptimizer(optimizer(settings.forwardOptimizer(), "forward-optimizer"),
                        dense.get(i).inputs(), dense.get(i).outputs());
            }
        }
        if (settings.inverseRule() == LocalStep.Rule.OPTIMIZER) {
            for (int i = 0; i < inverseCount; i++) {
                inverseOptimizers[i] = new LayerOptimizer(optimizer(settings.inverseOptimizer(), "inverse-optimizer"),
                        inverseWeights[i].size(0), inverseWeights[i].size(1));
            }
        }
        forwardRates = new double[count];
        inverseRates = new double[inverseCount];
        Arrays.fill(forwardRates, settings.initialRate());
        Arrays.fill(inverseRates, settings.initialRate());
        resetDiagnostics();
    }

    private static boolean reluOnly(LocalStep.Rule rule) {
        return rule != LocalStep.Rule.FIXED && rule != LocalStep.Rule.OPTIMIZER;
    }

    private descent.api.optim.Optimizer optimizer(String spec, String field) {
        String usedFor = "hyperparameter '" + field + "' of trainer '" + settings.id() + "'";
        if (optimizers == null) {
            throw new DescentException(usedFor + " needs the application's optimizers; create the trainer with "
                    + "TrainerProvider.create(hyperparameters, optimizers)");
        }
        return optimizers.create(spec, usedFor);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        if (settings.fullBatch()) {
            plan.batchSize(Integer.MAX_VALUE);
        }
        forwardRate = plan.learningRate();
        epoch = plan.epoch();
        epochStep = 0;
        for (LayerOptimizer o : forwardOptimizers) {
            if (o != null) {
                o.beforeEpoch(plan);
            }
        }
        for (LayerOptimizer o : inverseOptimizers) {
            if (o != null) {
                o.beforeEpoch(plan);
            }
        }
        resetDiagnostics();
    }

    private void resetDiagnostics() {
        int count = layers.size();
        lr = new Accumulator(count);
        active = new Accumulator(count - 1);
        inverseLoss = new Accumulator(inverseCount);
        inverseLr = new Accumulator(inverseCount);
        angle = new Accumulator(count);
    }

    private boolean usesEngineRate() {
        return settings.forwardRule() == LocalStep.Rule.FIXED || settings.forwardRule() == LocalStep.Rule.OPTIMIZER
                || settings.outputRule() == Settings.OutputRule.OPTIMIZER;
    }

    @Override
    public double train(Batch batch) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "descent-targetprop-step")) {
            return trainInWorkspace(batch);
        }
    }

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2).policySpill(SpillPolicy.REALLOCATE).policyReset(ResetPolicy.BLOCK_LEFT).build();

    private double trainInWorkspace(Batch batch) {
        if (layers == null) {
            throw new IllegalStateException("initialize first");
        }
        if (usesEngineRate() && Double.isNaN(forwardRate)) {
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
            h = i < count - 1 ? hidden.apply(z[i]) : z[i];
        }
        INDArray logits = z[count - 1];
        INDArray logp = Rows.logSoftmax(logits);
        double loss = -logp.mul(y).sumNumber().doubleValue() / n;
        INDArray p = Transforms.exp(logp, true);
        INDArray dLogits = p.sub(y);
        // The fraction of positive pre-activations per hidden layer: from the layer's local step where
        // it counts them (the rules of LocalStep, on the same z), else counted here.
        double[] activeFraction = new double[count - 1];
        Arrays.fill(activeFraction, Double.NaN);

        // Backprop gradient of the mean cross-entropy, for the angle diagnostic only, on sampled steps.
        boolean compare = settings.angleEvery() > 0 && epochStep % settings.angleEvery() == 0;
        INDArray[] gradW = new INDArray[count];
        INDArray[] gradB = new INDArray[count];
        if (compare) {
            INDArray delta = dLogits.div(n);
            for (int i = count - 1; i >= 0; i--) {
                gradW[i] = Rows.product(inputs[i], true, delta, false);
                gradB[i] = Rows.columnSums(delta);
                if (i > 0) {
                    delta = Rows.product(delta, false, layers.get(i).weights(), true).muli(hidden.derivative(z[i - 1], inputs[i]));
                }
            }
        }

        // 2, 3. Targets: the first from the gradient, the rest as differences through the inverses.
        INDArray[] target = new INDArray[count];
        if (settings.firstTarget() == Settings.FirstTarget.OUTPUT) {
            target[count - 1] = logits.sub(dLogits.mul(settings.meanLossTarget() ? settings.eta() / n : settings.eta()));
        }
        if (!settings.freezeHidden()) {
            int top = count - 2;
            if (settings.firstTarget() == Settings.FirstTarget.LAST_HIDDEN) {
                target[count - 2] = lastHiddenTarget(inputs[count - 1], dLogits, layers.get(count - 1).weights(),
                        settings.meanLossTarget() ? settings.eta() / n : settings.eta());
                top = count - 3;
            }
            for (int i = top; i >= 0; i--) {
                INDArray correction = inverse(i, target[i + 1]).subi(inverse(i, outputOf(i + 1, z)));
                target[i] = inputs[i + 1].add(correction);
            }

            // 4. Inverses, on noisy copies of the layer outputs.
            for (int i = 0; i < inverseCount; i++) {
                INDArray hi = inputs[i + 1];
                DenseLayer next = layers.get(i + 1);
                Activation nextAct = i + 1 < count - 1 ? hidden : Activation.IDENTITY;
                for (int j = 0; j < inverseSteps[i]; j++) {
                    INDArray noisy = Rows.plusNoise(hi, sigmas[i], new SplittableRandom(mix(seed, step, i, j)), scratch);
                    INDArray u = nextAct.apply(LocalStep.preActivation(noisy, next.weights(), next.bias()));
                    LocalStep.Result r = stepLayer(settings.inverseRule(), inverseOptimizers[i], u, null, noisy, inverseWeights[i], inverseBias[i],
                            settings.inverseLr(), inverseRates, i, n);
                    if (j == 0) {
                        inverseLoss.add(i, r.lossBefore());
                    }
                    inverseLr.add(i, r.rate());
                }
            }

            // 5. Hidden layers, each on its local loss at the forward pass's inputs.
            for (int i = 0; i < count - 1; i++) {
                DenseLayer layer = layers.get(i);
                LocalStep.Result r = stepLayer(settings.forwardRule(), forwardOptimizers[i], inputs[i], z[i], target[i], layer.weights(),
                        layer.bias(), forwardRate, forwardRates, i, n);
                lr.add(i, r.rate());
                activeFraction[i] = r.activeFraction();
                if (compare) {
                    angle.add(i, angleDegrees(r.deltaWeights(), r.deltaBias(), gradW[i], gradB[i]));
                }
            }
        }
        if (hidden == Activation.RELU) {
            for (int i = 0; i < count - 1; i++) {
                active.add(i, Double.isNaN(activeFraction[i]) ? Transforms.step(z[i]).meanNumber().doubleValue() : activeFraction[i]);
            }
        }

        // 6. The output layer: on the global loss, or (dtp-thesis) towards its own target.
        int last = count - 1;
        DenseLayer out = layers.get(last);
        LocalStep.Result r = switch (settings.outputRule()) {
            case LOCAL -> settings.forwardRule() == LocalStep.Rule.FIXED
                    ? fixedStep(inputs[last], target[last], out.weights(), out.bias(), Activation.IDENTITY, forwardRate)
                    : stepLocal(settings.forwardRule(), inputs[last], z[last], target[last], out.weights(), out.bias(), false, forwardRates, last);
            case CROSS_ENTROPY_EXACT -> OutputStep.exact(inputs[last], y, out.weights(), out.bias());
            case CROSS_ENTROPY_LITERAL -> {
                LocalStep.Result s = OutputStep.literal(inputs[last], y, out.weights(), out.bias(), forwardRates[last], settings.maxHalvings());
                forwardRates[last] = s.rate();
                yield s;
            }
            case OPTIMIZER -> forwardOptimizers[last].step(out.weights(), out.bias(), LayerOptimizer.crossEntropy(inputs[last], y),
                    forwardRate, step, epoch, n);
        };
        lr.add(last, r.rate());
        if (compare) {
            angle.add(last, angleDegrees(r.deltaWeights(), r.deltaBias(), gradW[last], gradB[last]));
        }
        step++;
        epochStep++;
        return loss;
    }

    /**
     * Lee et al.'s first target {@code ĥ_{L−1} = h_{L−1} − step·(p − y)·W_Lᵀ}: with {@code step = η̂/N}
     * this is {@code h_{L−1} − η̂ ∂L/∂h_{L−1}} for L the mean cross-entropy of softmax(h_{L−1}·W_L + b_L).
     */
    static INDArray lastHiddenTarget(INDArray h, INDArray dLogits, INDArray outputWeights, double step) {
        return h.sub(Rows.product(dLogits, false, outputWeights, true).muli(step));
    }

    /** One step of a hidden layer or an inverse (activation {@link #hidden}) by {@code rule}; {@code z} is its current x·w + b, or null. */
    private LocalStep.Result stepLayer(LocalStep.Rule rule, LayerOptimizer optimizer, INDArray x, INDArray z, INDArray t, INDArray w, INDArray b,
            double rate, double[] kept, int index, int n) {
        return switch (rule) {
            case OPTIMIZER -> optimizer.step(w, b, LayerOptimizer.squared(x, t, hidden), rate, step, epoch, n);
            case FIXED -> fixedStep(x, t, w, b, hidden, rate);
            default -> stepLocal(rule, x, z, t, w, b, true, kept, index);
        };
    }

    /** A rule of {@link LocalStep} on a ReLU (or the linear output) layer; keeps the literal line search's rate. */
    private LocalStep.Result stepLocal(LocalStep.Rule rule, INDArray x, INDArray z, INDArray t, INDArray w, INDArray b, boolean relu,
            double[] kept, int index) {
        double rate = rule == LocalStep.Rule.LINE_SEARCH_LITERAL ? kept[index] : settings.initialRate();
        LocalStep.Result r = LocalStep.step(x, z, t, w, b, relu, rule, rate, settings.maxHalvings(), scratch);
        if (rule == LocalStep.Rule.LINE_SEARCH_LITERAL) {
            kept[index] = r.rate();
        }
        return r;
    }

    /** w ← w − rate·∇ of the squared local loss, for any activation. */
    private static LocalStep.Result fixedStep(INDArray x, INDArray t, INDArray w, INDArray b, Activation act, double rate) {
        INDArray[] g = new INDArray[2];
        double before = LayerOptimizer.squared(x, t, act).evaluate(w, b, g);
        INDArray dw = g[0].muli(-rate);
        INDArray db = g[1].muli(-rate);
        w.addi(dw);
        b.addi(db.reshape(b.shape()));
        return new LocalStep.Result(before, rate, Double.NaN, dw, db);
    }

    /** h_{i+1} from the stored pre-activations (0-based i+1: the hidden activation unless it is the output). */
    private INDArray outputOf(int index, INDArray[] z) {
        return index < z.length - 1 ? hidden.apply(z[index]) : z[index];
    }

    /** g_i(u) = act(u·V_i + c_i), 0-based i. */
    INDArray inverse(int i, INDArray u) {
        return hidden.apply(LocalStep.preActivation(u, inverseWeights[i], inverseBias[i]));
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
            }
            if (i < inverseCount) {
                out.put(name + "inverse_loss", inverseLoss.mean(i));
                out.put(name + "inverse_lr", inverseLr.mean(i));
            }
            out.put(name + "angle", angle.mean(i));
            out.put(name + "moved", moved(i));
        }
        return out;
    }

    /** ‖W_i − W_i(0)‖ / ‖W_i(0)‖, how far layer i's weights are from their initialisation. */
    double moved(int i) {
        INDArray w0 = initialWeights[i].castTo(DataType.DOUBLE);
        double base = w0.norm2Number().doubleValue();
        double diff = layers.get(i).weights().castTo(DataType.DOUBLE).sub(w0).norm2Number().doubleValue();
        return base == 0 ? Double.NaN : diff / base;
    }

    @Override
    public Snapshot exportState() {
        Snapshot.Builder b = Snapshot.builder().number("step", step);
        for (int i = 0; i < inverseCount; i++) {
            b.array("inverse" + (i + 1) + "_weights", inverseWeights[i]);
            b.array("inverse" + (i + 1) + "_bias", inverseBias[i]);
            if (!Double.isNaN(inverseRates[i])) {
                b.number("inverse" + (i + 1) + "_rate", inverseRates[i]);
            }
            if (inverseOptimizers[i] != null) {
                nest(b, "inverse" + (i + 1) + "_optimizer/", inverseOptimizers[i].exportState());
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            b.array("layer" + (i + 1) + "_initial_weights", initialWeights[i]);
            if (!Double.isNaN(forwardRates[i])) {
                b.number("layer" + (i + 1) + "_rate", forwardRates[i]);
            }
            if (forwardOptimizers[i] != null) {
                nest(b, "layer" + (i + 1) + "_optimizer/", forwardOptimizers[i].exportState());
            }
        }
        return b.build();
    }

    private static void nest(Snapshot.Builder b, String prefix, Snapshot inner) {
        inner.arrays().forEach((k, v) -> b.array(prefix + k, v));
        inner.numbers().forEach((k, v) -> b.number(prefix + k, v));
    }

    private static Snapshot unnest(Snapshot outer, String prefix) {
        Snapshot.Builder b = Snapshot.builder();
        outer.arrays().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                b.array(k.substring(prefix.length()), v);
            }
        });
        outer.numbers().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                b.number(k.substring(prefix.length()), v);
            }
        });
        return b.build();
    }

    @Override
    public void importState(Snapshot state) {
        for (int i = 0; i < inverseCount; i++) {
            assign(state, "inverse" + (i + 1) + "_weights", inverseWeights[i]);
            assign(state, "inverse" + (i + 1) + "_bias", inverseBias[i]);
            inverseRates[i] = state.numbers().getOrDefault("inverse" + (i + 1) + "_rate", Double.NaN);
            if (inverseOptimizers[i] != null) {
                inverseOptimizers[i].importState(unnest(state, "inverse" + (i + 1) + "_optimizer/"));
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            assign(state, "layer" + (i + 1) + "_initial_weights", initialWeights[i]);
            forwardRates[i] = state.numbers().getOrDefault("layer" + (i + 1) + "_rate", Double.NaN);
            if (forwardOptimizers[i] != null) {
                forwardOptimizers[i].importState(unnest(state, "layer" + (i + 1) + "_optimizer/"));
            }
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

    /** How many inverses the trainer keeps. */
    int inverseCount() {
        return inverseCount;
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
