package descent.engine;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.data.Dataset;
import descent.api.data.Split;
import descent.api.model.Model;
import descent.api.optim.EpochPlan;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.train.Batch;
import descent.api.train.Trainer;
import descent.engine.checkpoint.Checkpoint;
import descent.engine.checkpoint.CheckpointFile;
import descent.engine.schedule.GradientTransform;
import descent.engine.schedule.LearningRateSchedule;
import descent.engine.schedule.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training run: epochs of seeded shuffles and mini-batches, the optimizer's (or trainer's)
 * update, evaluation on the test split after every epoch, and a checkpoint after every epoch.
 *
 * <p>Determinism: the order of epoch e is a permutation drawn from (seed, e) alone, the weights
 * come from the seed, and nothing else is random, so the same seed, data and thread settings give
 * identical metrics, and a run resumed from the checkpoint of epoch k continues exactly as the
 * uninterrupted run would have.
 */
public final class Training {

    private final Model model;
    private final Dataset data;
    private final Optimizer optimizer;
    private final Trainer trainer;
    private final String algorithm;
    private final LearningRateSchedule schedule;
    private final GradientTransform transform;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Path checkpointFile;
    private final long checkpointSteps;
    private final double checkpointSeconds;
    private final java.util.function.BooleanSupplier stopRequested;
    private long lastCheckpoint = System.nanoTime();
    private final Split validation;
    private final int patience;
    private final double minDelta;
    private final Path bestFile;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private double patienceLoss = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private boolean stoppedEarly;
    private final TrainingListener listener;
    private final int sharpnessEvery;
    private final int sharpnessSteps;
    /** The step-wise measurements of the epoch in progress, summarised in its row. */
    private Map<String, Double> stepSharpness;
    private long stepSharpnessSpent;
    private final int diagnosticsSubset;
    private final int sharpnessIterations;
    private final int traceSamples;
    private final int noiseEvery;
    private final int noiseBatches;
    private Split diagnosticRows;

    private long iteration;
    private long evaluations;
    /** Mini-batch buffers by row count (the batch size and the epoch's tail), reused every step. */
    private final Map<Integer, BatchBuffer> batches = new java.util.HashMap<>();

    /** Rows of the training split gathered for one mini-batch: row-major, owned by the loop. */
    private record BatchBuffer(INDArray features, INDArray labels, int[] rows) {
    }

    private Training(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.data = Objects.requireNonNull(b.data, "data");
        if ((b.optimizer == null) == (b.trainer == null)) {
            throw new IllegalArgumentException("exactly one of optimizer and trainer");
        }
        this.optimizer = b.optimizer;
        this.trainer = b.trainer;
        this.algorithm = Objects.requireNonNull(b.algorithm, "algorithm");
        this.schedule = Objects.requireNonNull(b.schedule, "schedule");
        this.transform = b.transform == null ? GradientTransform.NONE : b.transform;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.checkpointFile = b.checkpointFile;
        this.checkpointSteps = b.checkpointSteps;
        this.checkpointSeconds = b.checkpointSeconds;
        this.stopRequested = b.stopRequested;
        this.validation = b.validation;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.bestFile = b.bestFile;
        if (patience > 0 && validation == null) {
            throw new DescentException("--early-stop watches the validation loss; add --validation FRACTION or N");
        }
        if ((checkpointSteps > 0 || checkpointSeconds > 0) && b.trainer != null) {
            throw new DescentException("--checkpoint-every applies to optimizers; trainer '" + b.algorithm.substring(b.algorithm.indexOf(':') + 1)
                    + "' resets its per-epoch state at each epoch, so it checkpoints at the end of every epoch only");
        }
        this.listener = b.listener == null ? new TrainingListener() { } : b.listener;
        this.sharpnessEvery = b.sharpnessEvery;
        this.sharpnessSteps = b.sharpnessSteps;
        this.diagnosticsSubset = b.diagnosticsSubset;
        this.sharpnessIterations = b.sharpnessIterations;
        this.traceSamples = b.traceSamples;
        this.noiseEvery = b.noiseEvery;
        this.noiseBatches = b.noiseBatches;
        if (epochs < 1) {
            throw new DescentException("--epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new DescentException("--batch-size must be >= 1, got " + batchSize);
        }
    }

    /** A builder; model, data, one of optimizer/trainer, algorithm id and schedule are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains from scratch, epochs 1 to {@code epochs}. */
    public List<EpochMetrics> run() {
        if (optimizer != null) {
            optimizer.initialize(model.parameters().length());
        } else {
            trainer.initialize(model, seed);
        }
        return loop(0);
    }

    /**
     * Continues from a checkpoint written by an identical configuration: restores parameters,
     * optimizer or trainer state, schedule state and counters, then trains the remaining epochs.
     */
    public List<EpochMetrics> resume(Checkpoint checkpoint) {
        if (!checkpoint.algorithm().equals(algorithm)) {
            throw new DescentException("checkpoint was written by '" + checkpoint.algorithm() + "', not '" + algorithm
                    + "'; resume with the same optimizer or trainer");
        }
        INDArray params = model.parameters();
        if (params.length() != checkpoint.parameters().length()) {
            throw new DescentException("checkpoint has " + checkpoint.parameters().length() + " parameters but the model has "
                    + params.length() + "; resume with the same model and data set");
        }
        params.assign(checkpoint.parameters().reshape(params.shape()));
        if (optimizer != null) {
            optimizer.initialize(params.length());
            optimizer.importState(checkpoint.algorithmState());
        } else {
            trainer.initialize(model, seed);
            trainer.importState(checkpoint.algorithmState());
        }
        schedule.importState(checkpoint.scheduleState());
        iteration = checkpoint.iteration();
        evaluations = checkpoint.gradientEvaluations();
        Snapshot run = checkpoint.runState();
        if (run.numbers().containsKey(BEST_LOSS)) {
            bestLoss = run.number(BEST_LOSS);
            bestEpoch = bestEpoch(checkpoint);
            patienceLoss = run.number(PATIENCE_LOSS);
            badEpochs = (int) run.number(BAD_EPOCHS);
            stoppedEarly = stoppedEarly(checkpoint);
        }
        if (stoppedEarly) {
            throw new DescentException("the run stopped early at epoch " + checkpoint.epoch() + " (best validation loss at epoch "
                    + bestEpoch + ", kept in best.zip); it is complete");
        }
        if (checkpoint.position() > 0 && trainer != null) {
            throw new DescentException("checkpoint was written inside epoch " + (checkpoint.epoch() + 1) + " (after step "
                    + checkpoint.position() + "), which a trainer cannot continue from; it was not written by descent");
        }
        return loop(checkpoint.epoch(), checkpoint.position(), checkpoint.epochLoss());
    }

    private List<EpochMetrics> loop(int firstEpoch) {
        return loop(firstEpoch, 0, 0);
    }

    private List<EpochMetrics> loop(int firstEpoch, int firstPosition, double carriedLoss) {
        Split train = data.train();
        int n = train.size();
        List<EpochMetrics> out = new ArrayList<>();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            double scheduled = schedule.rate(Progress.startOf(epoch, iteration));
            EpochPlan plan = new EpochPlan(epoch, epochs, scheduled, Math.min(batchSize, n));
            if (optimizer != null) {
                optimizer.beforeEpoch(plan);
            } else {
                trainer.beforeEpoch(plan);
            }
            double lrFactor = plan.learningRate() / scheduled;
            int size = Math.min(plan.batchSize(), n);
            int batches = (n + size - 1) / size;
            listener.epochStarted(plan, batches);

            long start = System.nanoTime();
            int[] order = permutation(n, seed, epoch);
            boolean resumed = epoch == firstEpoch && firstPosition > 0;
            if (resumed && firstPosition > batches) {
                throw new DescentException("checkpoint is at step " + firstPosition + " of epoch " + (epoch + 1) + ", which has only "
                        + batches + " steps; it was written by another configuration");
            }
            double lossSum = resumed ? carriedLoss : 0;
            for (int b = resumed ? firstPosition : 0; b < batches; b++) {
                int from = b * size;
                int to = Math.min(n, from + size);
                // Each mini-batch is gathered into a row-major buffer of its own (one native call),
                // rather than the whole split into a shuffled copy per epoch: the same rows in the
                // same order, without a second copy of the training set in memory.
                BatchBuffer buffer = batch(train, to - from);
                System.arraycopy(order, from, buffer.rows(), 0, to - from);
                INDArray bx = RowGather.gather(train.features(), buffer.rows(), buffer.features());
                INDArray by = RowGather.gather(train.labels(), buffer.rows(), buffer.labels());
                double lr = schedule.variesWithinEpoch()
                        ? schedule.rate(new Progress(epoch, b, batches, iteration)) * lrFactor
                        : plan.learningRate();
                double loss = optimizer != null ? gradientStep(bx, by, lr, epoch) : trainerStep(bx, by);
                if (!Double.isFinite(loss)) {
                    throw new DivergedException(epoch + 1, b + 1, "training diverged at epoch " + (epoch + 1) + ", step " + (b + 1)
                            + ": the loss is " + loss + "; " + lastGood(epoch) + "; lower --lr or add --clip-norm");
                }
                lossSum += loss * (to - from);
                iteration++;
                listener.batchDone(b + 1, loss);
                if (sharpnessSteps > 0 && iteration % sharpnessSteps == 0) {
                    Map<String, Double> m = measureSharpness(lr, plan.momentum().orElse(Double.NaN), seed * 31 + iteration);
                    stepSharpness = m;
                    stepSharpnessSpent += m.get("sharpness_evaluations").longValue();
                    listener.sharpnessMeasured(iteration, epoch + 1, m);
                }
                boolean stop = stopRequested.getAsBoolean() && optimizer != null;
                if (checkpointFile != null && optimizer != null && (stop || (b + 1 < batches && midEpochCheckpointDue()))) {
                    CheckpointFile.write(checkpointFile, new Checkpoint(algorithm, epoch, b + 1, iteration, evaluations,
                            model.parameters().dup(), exportAlgorithmState(), schedule.exportState(), lossSum, runState()));
                    lastCheckpoint = System.nanoTime();
                }
                if (stop) {
                    throw new StoppedException(epoch + 1, b + 1, checkpointFile);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            double[] test = evaluate(data.test());
            double[] held = validation == null ? new double[] {Double.NaN, Double.NaN} : evaluate(validation);
            Map<String, Double> diagnostics = trainer != null ? trainer.epochDiagnostics() : Map.of();
            if (sharpnessEvery > 0) {
                diagnostics = new java.util.LinkedHashMap<>(diagnostics);
                diagnostics.putAll(sharpness(epoch, plan));
            } else if (sharpnessSteps > 0) {
                // the epoch's row: its last step-wise measurement (NaN if none fell in it) and their total cost
                diagnostics = new java.util.LinkedHashMap<>(diagnostics);
                Map<String, Double> m = new java.util.LinkedHashMap<>(stepSharpness != null ? stepSharpness : emptySharpness(plan));
                m.put("sharpness_evaluations", (double) stepSharpnessSpent);
                diagnostics.putAll(m);
                stepSharpness = null;
                stepSharpnessSpent = 0;
            }
            if (noiseEvery > 0) {
                diagnostics = new java.util.LinkedHashMap<>(diagnostics);
                diagnostics.putAll(gradientNoise(epoch, plan, size));
            }
            EpochMetrics m = new EpochMetrics(epoch + 1, lossSum / n, test[0], test[1], plan.learningRate(),
                    plan.momentum().orElse(Double.NaN), size, evaluations, seconds, diagnostics, held[0], held[1]);
            if (Double.isNaN(m.testLoss()) || (validation != null && Double.isNaN(m.validationLoss()))) {
                throw new DivergedException(epoch + 1, 0, "training diverged at epoch " + (epoch + 1) + ": the "
                        + (Double.isNaN(m.testLoss()) ? "test" : "validation") + " loss is NaN; "
                        + lastGood(epoch) + "; lower --lr or add --clip-norm");
            }
            // plateau watches the validation loss when there is a validation split
            schedule.observe(epoch, validation != null ? m.validationLoss() : m.testLoss());
            boolean best = validation != null && m.validationLoss() < bestLoss;
            if (best) {
                bestLoss = m.validationLoss();
                bestEpoch = epoch + 1;
            }
            if (validation != null && m.validationLoss() < patienceLoss - minDelta) {
                patienceLoss = m.validationLoss();
                badEpochs = 0;
            } else if (validation != null) {
                badEpochs++;
            }
            stoppedEarly = patience > 0 && badEpochs >= patience;
            out.add(m);
            // The epoch's row first, then its checkpoint: a crash between the two leaves a row the
            // checkpoint does not cover, which a resume drops and computes again (identically),
            // never a checkpoint whose row is lost.
            listener.epochDone(m);
            if (checkpointFile != null) {
                Checkpoint c = new Checkpoint(algorithm, epoch + 1, 0, iteration, evaluations,
                        model.parameters().dup(), exportAlgorithmState(), schedule.exportState(), 0, runState());
                if (best && bestFile != null) {
                    // best.zip before checkpoint.zip: a crash between them leaves a best.zip that is
                    // at least as new as what the checkpoint says is best, and the resume rewrites both
                    CheckpointFile.write(bestFile, c);
                }
                CheckpointFile.write(checkpointFile, c);
                lastCheckpoint = System.nanoTime();
            }
            if (stoppedEarly) {
                break;
            }
            if (stopRequested.getAsBoolean()) {
                // a trainer stops here, between epochs
                throw new StoppedException(epoch + 1, batches, checkpointFile);
            }
        }
        return out;
    }

    static final String BEST_LOSS = "best-validation-loss";
    static final String BEST_EPOCH = "best-epoch";
    static final String PATIENCE_LOSS = "patience-validation-loss";
    static final String BAD_EPOCHS = "epochs-without-improvement";
    static final String STOPPED_EARLY = "stopped-early";

    private Snapshot runState() {
        if (validation == null) {
            return Snapshot.EMPTY;
        }
        return Snapshot.builder().number(BEST_LOSS, bestLoss).number(BEST_EPOCH, bestEpoch).number(PATIENCE_LOSS, patienceLoss)
                .number(BAD_EPOCHS, badEpochs).number(STOPPED_EARLY, stoppedEarly ? 1 : 0).build();
    }

    /** Whether the run that wrote {@code checkpoint} stopped early (so that it is complete). */
    public static boolean stoppedEarly(Checkpoint checkpoint) {
        return checkpoint.runState().numbers().getOrDefault(STOPPED_EARLY, 0.0) != 0;
    }

    /** The best-validation epoch recorded in {@code checkpoint}; 0 without a validation split. */
    public static int bestEpoch(Checkpoint checkpoint) {
        return checkpoint.runState().numbers().getOrDefault(BEST_EPOCH, 0.0).intValue();
    }

    /** Whether the last run or resume ended by early stopping. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** The epoch (from 1) with the lowest validation loss so far; 0 without a validation split or before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The lowest validation loss so far; +∞ before the first epoch. */
    public double bestValidationLoss() {
        return bestLoss;
    }

    /** Whether {@code --checkpoint-every} asks for a checkpoint after the step just taken. */
    private boolean midEpochCheckpointDue() {
        if (checkpointSteps > 0 && iteration % checkpointSteps == 0) {
            return true;
        }
        return checkpointSeconds > 0 && (System.nanoTime() - lastCheckpoint) / 1e9 >= checkpointSeconds;
    }

    private BatchBuffer batch(Split train, int rows) {
        return batches.computeIfAbsent(rows, r -> new BatchBuffer(
                Nd4j.create(train.features().dataType(), new long[] {r, train.features().size(1)}, 'c'),
                Nd4j.create(train.labels().dataType(), new long[] {r, train.labels().size(1)}, 'c'), new int[r]));
    }

    private String lastGood(int epoch) {
        if (checkpointFile == null) {
            return "no checkpoint was being written";
        }
        return epoch == 0 ? "no epoch had completed, so there is no checkpoint"
                : "the checkpoint of epoch " + epoch + " is kept in " + checkpointFile;
    }

    private Snapshot exportAlgorithmState() {
        return optimizer != null ? optimizer.exportState() : trainer.exportState();
    }

    private double trainerStep(INDArray x, INDArray y) {
        evaluations++;
        return trainer.train(new Batch(x, y));
    }

    private double gradientStep(INDArray x, INDArray y, double lr, int epoch) {
        INDArray params = model.parameters();
        double loss = model.computeGradient(x, y);
        evaluations++;
        INDArray gradient = model.gradient();
        loss = transform.apply(loss, params, gradient);
        if (!Double.isFinite(loss)) {
            return loss;
        }
        double stepLoss = loss;
        Oracle oracle = new Oracle(x, y, params);
        int rows = (int) x.size(0);
        long it = iteration;
        optimizer.step(new Step() {
            @Override
            public INDArray parameters() {
                return params;
            }

            @Override
            public INDArray gradient() {
                return gradient;
            }

            @Override
            public double loss() {
                return stepLoss;
            }

            @Override
            public GradientOracle oracle() {
                return oracle;
            }

            @Override
            public double learningRate() {
                return lr;
            }

            @Override
            public long iteration() {
                return it;
            }

            @Override
            public int epoch() {
                return epoch;
            }

            @Override
            public int batchSize() {
                return rows;
            }
        });
        return loss;
    }

    /** Evaluations on the step's batch at other parameters; the model's parameters are restored after each. */
    private final class Oracle implements GradientOracle {
        private final INDArray x;
        private final INDArray y;
        private final INDArray params;
        private INDArray saved;

        Oracle(INDArray x, INDArray y, INDArray params) {
            this.x = x;
            this.y = y;
            this.params = params;
        }

        @Override
        public Evaluation evaluate(INDArray theta) {
            if (theta.length() != params.length()) {
                throw new IllegalArgumentException("oracle called with " + theta.length() + " parameters, model has " + params.length());
            }
            boolean same = theta == params;
            if (!same) {
                saved = saved == null ? params.dup() : saved.assign(params);
                params.assign(theta.reshape(params.shape()));
            }
            double loss = model.computeGradient(x, y);
            evaluations++;
            INDArray g = model.gradient().dup();
            loss = transform.apply(loss, params, g);
            if (!same) {
                params.assign(saved);
            }
            return new Evaluation(loss, g);
        }
    }

    /**
     * The sharpness columns of an epoch: measured on every {@code sharpnessEvery}-th epoch on the
     * same seeded rows of the training split, NaN on the others (the header stays the same).
     * {@code sharpness_evaluations} counts this epoch's diagnostic gradient evaluations, which are
     * not in {@code gradient_evaluations}.
     */
    private Map<String, Double> sharpness(int epoch, EpochPlan plan) {
        return (epoch + 1) % sharpnessEvery == 0
                ? measureSharpness(plan.learningRate(), plan.momentum().orElse(Double.NaN), seed * 31 + epoch)
                : emptySharpness(plan);
    }

    /** One measurement of the sharpness columns at the current parameters, for a step at rate {@code lr}. */
    private Map<String, Double> measureSharpness(double lr, double momentum, long draw) {
        Split rows = diagnosticRows();
        Sharpness.Result r = Sharpness.topEigenvalue(model, rows.features(), rows.labels(), sharpnessIterations, 1e-3, draw);
        long spent = r.gradientEvaluations() + 1;
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("sharpness", r.lambda());
        m.put("stability_ratio", Sharpness.stabilityRatio(lr, r.lambda(), momentum));
        m.put("sharpness_error", r.relativeError());
        if (traceSamples > 0) {
            double[] t = Sharpness.trace(model, rows.features(), rows.labels(), traceSamples, draw * 41 + 7);
            m.put("hessian_trace", t[0]);
            m.put("hessian_trace_error", t[1]);
            spent += (long) t[2];
        }
        m.put("sharpness_evaluations", (double) spent);
        return m;
    }

    /** The sharpness columns of an epoch without a measurement: NaN, and no cost (the header stays the same). */
    private Map<String, Double> emptySharpness(EpochPlan plan) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("sharpness", Double.NaN);
        m.put("stability_ratio", Double.NaN);
        m.put("sharpness_error", Double.NaN);
        if (traceSamples > 0) {
            m.put("hessian_trace", Double.NaN);
            m.put("hessian_trace_error", Double.NaN);
        }
        m.put("sharpness_evaluations", 0.0);
        return m;
    }

    /** The seeded rows of the training split that every diagnostic measures on (--diagnostics-subset), drawn once. */
    private Split diagnosticRows() {
        if (diagnosticRows == null) {
            Split train = data.train();
            int n = train.size();
            int k = Math.min(n, diagnosticsSubset);
            int[] order = permutation(n, seed ^ 0x5DEECE66DL, -1);
            int[] rows = java.util.Arrays.copyOf(order, k);
            java.util.Arrays.sort(rows);
            diagnosticRows = new Split(Nd4j.pullRows(train.features(), 1, rows), Nd4j.pullRows(train.labels(), 1, rows));
        }
        return diagnosticRows;
    }

    /**
     * The gradient-noise columns of an epoch ({@link GradientNoise}), on every {@code noiseEvery}-th
     * epoch at the epoch's batch size, NaN on the others and where the batch is not smaller than the
     * diagnostic subset. {@code temperature} is lr/B, the SDE reading of SGD (seed 000, ch. 4).
     */
    private Map<String, Double> gradientNoise(int epoch, EpochPlan plan, int batchSize) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        double noise = Double.NaN;
        double trace = Double.NaN;
        double norm = Double.NaN;
        double scale = Double.NaN;
        long spent = 0;
        Split rows = (epoch + 1) % noiseEvery == 0 ? diagnosticRows() : null;
        if (rows != null && batchSize < rows.size()) {
            GradientNoise.Result r = GradientNoise.measure(model, rows.features(), rows.labels(), batchSize, noiseBatches, seed * 37 + epoch);
            noise = r.batchNoise();
            trace = r.trace();
            norm = r.gradientNormSquared();
            scale = r.noiseScale();
            spent = r.gradientEvaluations();
        }
        m.put("gradient_noise", noise);
        m.put("gradient_noise_trace", trace);
        m.put("gradient_norm_sq", norm);
        m.put("noise_scale", scale);
        m.put("temperature", plan.learningRate() / batchSize);
        m.put("noise_evaluations", (double) spent);
        return m;
    }

    /** Mean cross-entropy and accuracy of the model on a split, in chunks. */
    double[] evaluate(Split split) {
        int n = split.size();
        int chunk = 2000;
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            INDArray x = split.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray y = split.labels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray p = model.output(x);
            INDArray logp = Transforms.log(Transforms.max(p, 1e-12, true), false);
            loss -= logp.muli(y).sumNumber().doubleValue();
            INDArray predicted = Nd4j.argMax(p, 1);
            INDArray actual = Nd4j.argMax(y, 1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return new double[] {loss / n, (double) correct / n};
    }

    /** The order of epoch {@code epoch}: a Fisher-Yates permutation drawn from (seed, epoch) alone. */
    public static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Collects what a run needs. */
    public static final class Builder {
        private Model model;
        private Dataset data;
        private Optimizer optimizer;
        private Trainer trainer;
        private String algorithm;
        private LearningRateSchedule schedule;
        private GradientTransform transform;
        private int epochs = 1;
        private int batchSize = 64;
        private long seed = 1;
        private Path checkpointFile;
        private long checkpointSteps;
        private double checkpointSeconds;
        private java.util.function.BooleanSupplier stopRequested = () -> false;
        private Split validation;
        private int patience;
        private double minDelta;
        private Path bestFile;
        private TrainingListener listener;
        private int sharpnessEvery;
        private int sharpnessSteps;
        private int diagnosticsSubset = 1000;
        private int sharpnessIterations = 20;
        private int traceSamples;
        private int noiseEvery;
        private int noiseBatches = 32;

        private Builder() {
        }

        public Builder model(Model m) {
            this.model = m;
            return this;
        }

        /** The data set, already scaled. */
        public Builder data(Dataset d) {
            this.data = d;
            return this;
        }

        /** A gradient-based optimizer and its id (recorded in checkpoints). */
        public Builder optimizer(String id, Optimizer o) {
            this.algorithm = "optimizer:" + id;
            this.optimizer = o;
            return this;
        }

        /** A trainer and its id, instead of an optimizer. */
        public Builder trainer(String id, Trainer t) {
            this.algorithm = "trainer:" + id;
            this.trainer = t;
            return this;
        }

        public Builder schedule(LearningRateSchedule s) {
            this.schedule = s;
            return this;
        }

        public Builder gradientTransform(GradientTransform t) {
            this.transform = t;
            return this;
        }

        public Builder epochs(int e) {
            this.epochs = e;
            return this;
        }

        public Builder batchSize(int b) {
            this.batchSize = b;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Where to write the checkpoint after every epoch; none if not set. */
        public Builder checkpointFile(Path p) {
            this.checkpointFile = p;
            return this;
        }

        /**
         * Also checkpoints inside an epoch (optimizers only): after every {@code steps} steps of the
         * run (0: never), and after a step when {@code seconds} have passed since the last
         * checkpoint (0: never). A run resumed from such a checkpoint continues exactly.
         */
        public Builder checkpointEvery(long steps, double seconds) {
            if (steps < 0 || !(seconds >= 0)) {
                throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + steps + " steps, " + seconds + " s");
            }
            this.checkpointSteps = steps;
            this.checkpointSeconds = seconds;
            return this;
        }

        /**
         * Polled after every step: when true, the run writes a checkpoint at that step boundary
         * (optimizers; a trainer at the end of the epoch) and stops with a {@link StoppedException}.
         */
        public Builder stopWhen(java.util.function.BooleanSupplier stop) {
            this.stopRequested = java.util.Objects.requireNonNull(stop, "stop");
            return this;
        }

        /**
         * A validation split, evaluated after every epoch: its loss and accuracy go into the
         * epoch's metrics, {@code plateau} schedules watch its loss, and with {@code best} set the
         * checkpoint of the epoch with the lowest validation loss is kept there.
         */
        public Builder validation(Split v, Path best) {
            this.validation = v;
            this.bestFile = best;
            return this;
        }

        /**
         * Stops the run after {@code patience} epochs in a row whose validation loss is not below
         * the best one by more than {@code minDelta} (needs a validation split).
         */
        public Builder earlyStop(int patience, double minDelta) {
            if (patience < 1 || !(minDelta >= 0)) {
                throw new IllegalArgumentException("patience must be >= 1 and min_delta >= 0, got " + patience + ", " + minDelta);
            }
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        /**
         * Measures the sharpness (λ_max of the training loss's Hessian, {@link Sharpness}) after
         * every {@code everyEpochs}-th epoch on the diagnostic subset, with at most
         * {@code iterations} power iterations; 0 epochs: never (the default).
         */
        public Builder sharpness(int everyEpochs, int iterations) {
            if (everyEpochs < 0 || iterations < 1) {
                throw new DescentException("--sharpness-every must be >= 0 and --sharpness-iterations >= 1, got "
                        + everyEpochs + ", " + iterations);
            }
            this.sharpnessEvery = everyEpochs;
            this.sharpnessIterations = iterations;
            return this;
        }

        /**
         * Measures the sharpness after every {@code steps}-th training step (counted over the run)
         * instead of per epoch: each measurement goes to {@link TrainingListener#sharpnessMeasured},
         * and an epoch's row holds its last one and the epoch's total cost (after a resume inside an epoch, the cost since the resume).
         */
        public Builder sharpnessSteps(int steps, int iterations) {
            if (steps < 1 || iterations < 1) {
                throw new DescentException("--sharpness-every Ks needs K >= 1 steps and --sharpness-iterations >= 1, got " + steps + ", " + iterations);
            }
            this.sharpnessSteps = steps;
            this.sharpnessEvery = 0;
            this.sharpnessIterations = iterations;
            return this;
        }

        /**
         * With the sharpness, also the Hessian's trace by Hutchinson's estimator from {@code samples}
         * Rademacher vectors ({@link Sharpness#trace}); 0: not (the default).
         */
        public Builder hessianTrace(int samples) {
            if (samples != 0 && samples < 2) {
                throw new DescentException("--hessian-trace-samples must be 0 (off) or >= 2, got " + samples);
            }
            this.traceSamples = samples;
            return this;
        }

        /** How many seeded rows of the training split the diagnostics (sharpness, gradient noise) measure on; 1000 by default. */
        public Builder diagnosticsSubset(int rows) {
            if (rows < 2) {
                throw new DescentException("--diagnostics-subset must be >= 2, got " + rows);
            }
            this.diagnosticsSubset = rows;
            return this;
        }

        /**
         * Measures the gradient noise ({@link GradientNoise}) after every {@code everyEpochs}-th epoch
         * on the diagnostic subset, from {@code batches} mini-batches of the epoch's batch size;
         * 0 epochs: never (the default).
         */
        public Builder gradientNoise(int everyEpochs, int batches) {
            if (everyEpochs < 0 || batches < 2) {
                throw new DescentException("--noise-every must be >= 0 and --noise-batches >= 2, got " + everyEpochs + ", " + batches);
            }
            this.noiseEvery = everyEpochs;
            this.noiseBatches = batches;
            return this;
        }

        public Builder listener(TrainingListener l) {
            this.listener = l;
            return this;
        }

        public Training build() {
            return new Training(this);
        }
    }
}
