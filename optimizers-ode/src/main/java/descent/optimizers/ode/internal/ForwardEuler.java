package descent.optimizers.ode.internal;

import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward Euler on the gradient flow dθ/dt = −∇L(θ) with step h = the learning rate:
 * θ ← θ − h ∇L(θ), which is gradient descent (seed 000, section 3.1). Without state. What
 * distinguishes {@code gd} from {@code adaptive-batch-sgd} is only the batch size each epoch runs
 * with, which a {@code batchPolicy} sets in {@link #beforeEpoch(EpochPlan)}.
 */
final class ForwardEuler implements Optimizer {

    private final Consumer<EpochPlan> batchPolicy;

    /** @param batchPolicy sets the batch size of each epoch's plan (may leave it as it is) */
    ForwardEuler(Consumer<EpochPlan> batchPolicy) {
        this.batchPolicy = batchPolicy;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got " + numParameters);
        }
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        batchPolicy.accept(plan);
    }

    @Override
    public void step(Step step) {
        INDArray theta = step.parameters();
        Vectors.axpy(-step.learningRate(), step.gradient(), theta);
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    @Override
    public void importState(Snapshot state) {
    }
}
