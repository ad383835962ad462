package descent.engine.internal.optim;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Centered RMSprop with momentum, per coordinate, with all state zero at the start:
 * <pre>
 *   m ← ρ m + (1 − ρ) g
 *   s ← ρ s + (1 − ρ) g²
 *   v ← μ v − α g / √(s − m² + ε)
 *   θ ← θ + v
 * </pre>
 * The state is (m, s, v), kept in double so that {@code s − m²}, a difference of two close numbers
 * late in training, is not lost to float rounding.
 */
final class CenteredRmsProp implements Optimizer {

    private final double decay;
    private final double momentum;
    private final double epsilon;
    private long numParameters = -1;
    private INDArray mean;
    private INDArray meanSquare;
    private INDArray velocity;

    CenteredRmsProp(double decay, double momentum, double epsilon) {
        this.decay = decay;
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("optimizer 'rmsprop-centered' needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        mean = Nd4j.zeros(DataType.DOUBLE, 1, numParameters);
        meanSquare = Nd4j.zeros(DataType.DOUBLE, 1, numParameters);
        velocity = Nd4j.zeros(DataType.DOUBLE, 1, numParameters);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        plan.momentum(momentum);
    }

    @Override
    public void step(Step step) {
        if (mean == null) {
            throw new IllegalStateException("optimizer 'rmsprop-centered' was not initialized");
        }
        INDArray parameters = step.parameters();
        if (step.gradient().length() != numParameters || parameters.length() != numParameters) {
            throw new IllegalArgumentException("optimizer 'rmsprop-centered' was initialized for " + numParameters
                    + " parameters, got " + parameters.length() + " parameters and a gradient of " + step.gradient().length());
        }
        INDArray g = step.gradient().castTo(DataType.DOUBLE).reshape('c', 1, numParameters);
        mean.muli(decay).addi(g.mul(1 - decay));
        meanSquare.muli(decay).addi(g.mul(g).muli(1 - decay));
        INDArray denominator = Transforms.sqrt(meanSquare.sub(mean.mul(mean)).addi(epsilon), false);
        velocity.muli(momentum).subi(g.divi(denominator).muli(step.learningRate()));
        parameters.addi(velocity.castTo(parameters.dataType()).reshape('c', parameters.shape()));
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.builder().array("mean", mean.dup()).array("mean_square", meanSquare.dup())
                .array("velocity", velocity.dup()).build();
    }

    @Override
    public void importState(Snapshot snapshot) {
        if (mean == null) {
            throw new IllegalStateException("optimizer 'rmsprop-centered' was not initialized");
        }
        mean = restore(snapshot, "mean");
        meanSquare = restore(snapshot, "mean_square");
        velocity = restore(snapshot, "velocity");
    }

    private INDArray restore(Snapshot snapshot, String name) {
        INDArray saved = snapshot.array(name);
        if (saved.length() != numParameters) {
            throw new DescentException("checkpoint of optimizer 'rmsprop-centered' holds a '" + name + "' of " + saved.length()
                    + " values, but it steps " + numParameters + " parameters; resume with the model the checkpoint was written for");
        }
        return saved.castTo(DataType.DOUBLE).dup('c').reshape('c', 1, numParameters);
    }
}
