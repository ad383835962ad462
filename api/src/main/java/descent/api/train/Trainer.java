package descent.api.train;

import descent.api.Snapshot;
import descent.api.Stability;
import descent.api.model.Model;
import descent.api.optim.EpochPlan;
import java.util.Map;

/**
 * A training algorithm that owns the model's layers: the engine still loads data, shuffles,
 * batches, evaluates, records metrics and checkpoints, but hands each mini-batch to the trainer
 * instead of computing a gradient.
 *
 * <h2>Order of use</h2>
 * <ol>
 *   <li>{@link #initialize(Model, long)} once with the model and a seed; the trainer takes the
 *       model's {@link Model#denseLayers()} (live views it updates in place) and allocates what
 *       else it needs (inverse mappings, their weights). Then, on resume,
 *       {@link #importState(Snapshot)}.</li>
 *   <li>For every epoch: {@link #beforeEpoch(EpochPlan)}, then {@link #train(Batch)} once per
 *       mini-batch (the engine picks the batch size from the plan: a trainer that works on the
 *       whole training set sets it to that size), then {@link #epochDiagnostics()}.</li>
 *   <li>{@link #exportState()} whenever the engine checkpoints: everything not in the model's
 *       parameters (inverse weights, counters), as copies.</li>
 * </ol>
 * A target-propagation trainer thus owns whole layers (the forward weights it sets from local
 * targets) and extra weights (the inverses) that live only in its state.
 */
@Stability(Stability.Level.STABLE)
public interface Trainer {

    /** Binds the trainer to the model it trains; called once, first. */
    void initialize(Model model, long seed);

    /** May change the learning rate or batch size of the coming epoch. */
    default void beforeEpoch(EpochPlan plan) {
    }

    /**
     * Updates the model on one mini-batch.
     *
     * @return the batch loss before the update
     */
    double train(Batch batch);

    /**
     * Numbers about the epoch just trained, by column name ({@code layer1_lr},
     * {@code layer2_active_fraction}), added to {@code metrics.csv}; the same names every epoch.
     */
    default Map<String, Double> epochDiagnostics() {
        return Map.of();
    }

    /** The trainer's own state as copies. */
    Snapshot exportState();

    /** Restores state from {@link #exportState()}, after {@link #initialize}. */
    void importState(Snapshot state);
}
