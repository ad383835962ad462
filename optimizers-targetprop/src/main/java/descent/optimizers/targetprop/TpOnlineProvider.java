package descent.optimizers.targetprop;

import descent.api.Stability;

/**
 * {@code tp-online}: seed 001's online algorithm (§3.2). Every step sees the whole training set
 * (it sets the epoch's batch size to the training-set size), so an epoch is one step; each layer
 * and each inverse moves by the optimal rate of its convex local loss, bounded so that no active
 * unit switches off within the step; the output layer takes the exact line minimum of the mean
 * cross-entropy ({@link OutputStep}). The engine's {@code --lr} is not used.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class TpOnlineProvider extends OptimalRateProvider {

    @Override
    public String id() {
        return "tp-online";
    }

    @Override
    public String description() {
        return "target propagation, whole training set per step, optimal active-set-bounded rate per layer (seed 001, 3.2; eq. 3-20); output layer on the cross-entropy, exact line search";
    }

    @Override
    boolean fullBatch() {
        return true;
    }
}
