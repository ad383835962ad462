package descent.engine.internal.optim;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classic heavy-ball momentum (Polyak 1964): v ← μ v − α g, θ ← θ + v, with v = 0 at the start.
 * DL4J has no updater for it (its {@code Nesterovs} is the look-ahead variant), so it is written
 * here. The state is v.
 */
final class HeavyBallMomentum implements Optimizer {

    static final String VELOCITY = "velocity";

    private final double momentum;
    private long numParameters = -1;
    private INDArray velocity;

    HeavyBallMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("optimizer 'momentum' needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        velocity = Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, numParameters);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        plan.momentum(momentum);
    }

    @Override
    public void step(Step step) {
        if (velocity == null) {
            throw new IllegalStateException("optimizer 'momentum' was not initialized");
        }
        INDArray parameters = step.parameters();
        INDArray gradient = step.gradient();
        if (gradient.length() != numParameters || parameters.length() != numParameters) {
            throw new IllegalArgumentException("optimizer 'momentum' was initialized for " + numParameters
                    + " parameters, got " + parameters.length() + " parameters and a gradient of " + gradient.length());
        }
        if (velocity.dataType() != gradient.dataType()) {
            velocity = velocity.castTo(gradient.dataType());
        }
        // The gradient is scratch the optimizer may overwrite: scale it in place into −α g.
        INDArray g = gradient.reshape('c', 1, numParameters);
        velocity.muli(momentum).addi(g.muli(-step.learningRate()));
        parameters.addi(velocity.reshape('c', parameters.shape()));
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.builder().array(VELOCITY, velocity).build();
    }

    @Override
    public void importState(Snapshot snapshot) {
        if (velocity == null) {
            throw new IllegalStateException("optimizer 'momentum' was not initialized");
        }
        INDArray saved = snapshot.array(VELOCITY);
        if (saved.length() != numParameters) {
            throw new DescentException("checkpoint of optimizer 'momentum' holds a velocity of " + saved.length()
                    + " values, but the model has " + numParameters + " parameters; resume with the model the "
                    + "checkpoint was written for");
        }
        velocity = saved.dup('c').reshape('c', 1, numParameters);
    }
}
