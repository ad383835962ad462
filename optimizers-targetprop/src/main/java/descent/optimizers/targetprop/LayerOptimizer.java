package descent.optimizers.targetprop;

import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One layer's (W, b), or one inverse's (V, c), stepped by a descent optimizer on its own loss: the
 * parameters as the flat vector {@code [W in row-major order, b]}, the loss's gradient in the same
 * layout, and an oracle that evaluates the same loss elsewhere (for multi-stage optimizers). Each
 * layer has its own optimizer instance and state.
 */
final class LayerOptimizer {

    /** A layer's loss at (w, b); fills {@code gradient[0]} (like w) and {@code gradient[1]} (like b). */
    interface Objective {
        double evaluate(INDArray w, INDArray b, INDArray[] gradient);
    }

    private final Optimizer optimizer;
    private final int in;
    private final int out;

    LayerOptimizer(Optimizer optimizer, long in, long out) {
        this.optimizer = optimizer;
        this.in = Math.toIntExact(in);
        this.out = Math.toIntExact(out);
        optimizer.initialize((long) this.in * this.out + this.out);
    }

    void beforeEpoch(EpochPlan plan) {
        // The layer's optimizer may report a momentum or ask for a batch size; the trainer's plan is not its to change.
        optimizer.beforeEpoch(new EpochPlan(plan.epoch(), plan.epochs(), plan.learningRate(), plan.batchSize()));
    }

    /** One optimizer step at rate {@code lr}; (w, b) updated in place. */
    LocalStep.Result step(INDArray w, INDArray b, Objective objective, double lr, long iteration, int epoch, int batchSize) {
        INDArray[] g = new INDArray[2];
        double loss = objective.evaluate(w, b, g);
        // The trainer runs each step in an ND4J workspace whose memory the next step reuses. An
        // optimizer may keep what it is given or makes (its parameters, gradient, state) beyond the
        // step, so those live outside the workspace.
        INDArray theta;
        INDArray before;
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            theta = pack(w, b);
            before = theta.dup();
            optimize(theta, pack(g[0], g[1]), loss, objective, b, lr, iteration, epoch, batchSize);
        }
        INDArray delta = theta.sub(before);
        w.assign(weights(theta));
        b.assign(bias(theta, b));
        return new LocalStep.Result(loss, lr, Double.NaN, weights(delta), bias(delta, b).reshape(1, out));
    }

    private void optimize(INDArray theta, INDArray gradient, double loss, Objective objective, INDArray b, double lr, long iteration,
            int epoch, int batchSize) {
        optimizer.step(new Step() {
            @Override
            public INDArray parameters() {
                return theta;
            }

            @Override
            public INDArray gradient() {
                return gradient;
            }

            @Override
            public double loss() {
                return loss;
            }

            @Override
            public GradientOracle oracle() {
                return at -> {
                    INDArray[] gg = new INDArray[2];
                    double l = objective.evaluate(weights(at), bias(at, b), gg);
                    return new GradientOracle.Evaluation(l, pack(gg[0], gg[1]));
                };
            }

            @Override
            public double learningRate() {
                return lr;
            }

            @Override
            public long iteration() {
                return iteration;
            }

            @Override
            public int epoch() {
                return epoch;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }
        });
    }

    private INDArray pack(INDArray w, INDArray b) {
        return Nd4j.concat(1, w.dup('c').reshape('c', 1, (long) in * out), b.dup('c').reshape('c', 1, out).castTo(w.dataType()));
    }

    private INDArray weights(INDArray theta) {
        return theta.reshape('c', 1, theta.length()).get(NDArrayIndex.point(0), NDArrayIndex.interval(0, (long) in * out))
                .dup('c').reshape('c', in, out);
    }

    private INDArray bias(INDArray theta, INDArray like) {
        return theta.reshape('c', 1, theta.length()).get(NDArrayIndex.point(0), NDArrayIndex.interval((long) in * out, (long) in * out + out))
                .dup('c').reshape(like.shape());
    }

    Snapshot exportState() {
        return optimizer.exportState();
    }

    void importState(Snapshot state) {
        optimizer.importState(state);
    }

    /** The mean-squared local loss (1/N) Σ ‖act(x·W + b) − t‖² and its gradient. */
    static Objective squared(INDArray x, INDArray t, Activation act) {
        return (w, b, g) -> {
            int n = (int) x.size(0);
            INDArray z = LocalStep.preActivation(x, w, b);
            INDArray a = act.apply(z);
            INDArray r = a.sub(t);
            double loss = r.castTo(DataType.DOUBLE).norm2Number().doubleValue();
            INDArray delta = r.muli(act.derivative(z, a));
            g[0] = Rows.product(x, true, delta, false).muli(2.0 / n);
            g[1] = Rows.columnSums(delta).muli(2.0 / n);
            return loss * loss / n;
        };
    }

    /** The mean cross-entropy of softmax(x·W + b) against y and its gradient. */
    static Objective crossEntropy(INDArray x, INDArray y) {
        return (w, b, g) -> {
            int n = (int) x.size(0);
            INDArray logits = LocalStep.preActivation(x, w, b);
            INDArray logp = Rows.logSoftmax(logits);
            double loss = -logp.mul(y).sumNumber().doubleValue() / n;
            INDArray delta = Transforms.exp(logp, true).subi(y).divi(n);
            g[0] = Rows.product(x, true, delta, false);
            g[1] = Rows.columnSums(delta);
            return loss;
        };
    }
}
