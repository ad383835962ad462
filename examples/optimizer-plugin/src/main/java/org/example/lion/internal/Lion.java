package org.example.lion.internal;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2), with g the
 * step's gradient and α the learning rate:
 * <pre>
 *   c ← β₁ m + (1 − β₁) g
 *   θ ← θ − α (sign(c) + λ θ)
 *   m ← β₂ m + (1 − β₂) g
 * </pre>
 * Every coordinate moves by exactly α (plus the decay), whatever the size of its gradient, which is
 * why Lion wants a learning rate 3 to 10 times smaller than Adam's. State: the momentum m, zero at
 * the start, exported as the array {@value #MOMENTUM}.
 */
final class Lion implements Optimizer {

    /** The name of m in the exported {@link Snapshot}. */
    static final String MOMENTUM = "momentum";

    private final String owner;
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private long numParameters = -1;
    private INDArray m;

    /**
     * @param owner "optimizer 'lion'", for messages
     * @param beta1 β₁ in [0, 1)
     * @param beta2 β₂ in [0, 1)
     * @param weightDecay λ &gt;= 0
     */
    Lion(String owner, double beta1, double beta2, double weightDecay) {
        this.owner = owner;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException(owner + " needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        m = Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, numParameters);
    }

    @Override
    public void step(Step step) {
        if (m == null) {
            throw new IllegalStateException(owner + " was not initialized");
        }
        INDArray theta = step.parameters();
        if (m.dataType() != theta.dataType()) {
            m = m.castTo(theta.dataType());
        }
        // g is engine scratch: read here, never kept. mv is a view of m in θ's shape.
        INDArray g = step.gradient().reshape('c', theta.shape());
        INDArray mv = m.reshape('c', theta.shape());

        INDArray update = Transforms.sign(mv.mul(beta1).addi(g.mul(1 - beta1)), false);
        if (weightDecay != 0) {
            update.addi(theta.mul(weightDecay));
        }
        theta.subi(update.muli(step.learningRate()));
        mv.muli(beta2).addi(g.mul(1 - beta2));
    }

    @Override
    public Snapshot exportState() {
        // The builder copies m: the snapshot never changes when this optimizer steps on.
        return Snapshot.builder().array(MOMENTUM, m).build();
    }

    @Override
    public void importState(Snapshot state) {
        if (m == null) {
            throw new IllegalStateException(owner + " was not initialized");
        }
        INDArray saved = state.array(MOMENTUM);
        if (saved.length() != numParameters) {
            throw new DescentException("checkpoint of " + owner + " holds a momentum of " + saved.length()
                    + " values, but the model has " + numParameters + " parameters; resume with the model the "
                    + "checkpoint was written for");
        }
        // A copy: the snapshot may be imported again, and must not change when this optimizer steps.
        m = saved.dup('c').reshape('c', 1, numParameters);
    }
}
