package descent.optimizers.targetprop;

import descent.api.Stability;

/**
 * {@code tp-batch}: seed 001's batch algorithm (§3.3): the online algorithm on the engine's
 * mini-batches ({@code --batch-size}), the gradient and the optimal rate computed from the batch
 * mean. The output layer takes the exact line minimum of the mean cross-entropy ({@link OutputStep}).
 * The engine's {@code --lr} is not used.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class TpBatchProvider extends OptimalRateProvider {

    @Override
    public String id() {
        return "tp-batch";
    }

    @Override
    public String description() {
        return "target propagation on mini-batches, optimal active-set-bounded rate per layer (seed 001, 3.3; eq. 3-20); output layer on the cross-entropy, exact line search";
    }

    @Override
    boolean fullBatch() {
        return false;
    }
}
