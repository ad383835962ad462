package descent.api.optim;

import descent.api.Snapshot;
import descent.api.Stability;

/**
 * A gradient-based update rule: one instance per training run, used by one thread.
 *
 * <h2>Order of use</h2>
 * <ol>
 *   <li>{@link #initialize(long)} once, with the number of parameters, before anything else; then,
 *       when resuming, {@link #importState(Snapshot)} with what {@link #exportState()} returned.</li>
 *   <li>For every epoch: {@link #beforeEpoch(EpochPlan)}, which may change the learning rate,
 *       momentum and batch size of that epoch; then {@link #step(Step)} once per mini-batch.</li>
 *   <li>{@link #exportState()} whenever the engine checkpoints (between steps).</li>
 * </ol>
 *
 * <h2>Buffers</h2>
 * {@link Step#parameters()} is a view of the model's flat parameter vector, owned by the engine;
 * the optimizer updates it in place and must not keep a reference to it past the call. Its state
 * (moments, histories) is its own and must be copies, never views of engine buffers (a stage or a
 * history entry that aliases a live tensor silently changes when the parameters do).
 *
 * <p>Implementations need not be thread-safe. See the package documentation for how RK4, Adams
 * methods, batch-size schedules, momentum resets and optimizer switching are expressed.
 */
@Stability(Stability.Level.STABLE)
public interface Optimizer {

    /**
     * Prepares state for {@code numParameters} parameters (allocates moment buffers). Called once,
     * before any other method.
     */
    void initialize(long numParameters);

    /**
     * Called before every epoch with the plan the engine computed from its schedules; the
     * optimizer may change the plan's learning rate, momentum or batch size, and should report
     * its momentum through {@link EpochPlan#momentum(double)} if it has one (the engine records it).
     */
    default void beforeEpoch(EpochPlan plan) {
    }

    /** Updates {@code step.parameters()} in place for one mini-batch. */
    void step(Step step);

    /** The whole state as copies; an optimizer without state returns {@link Snapshot#EMPTY}. */
    Snapshot exportState();

    /**
     * Restores state exported by an optimizer of the same id, after {@link #initialize(long)}, so
     * that the next step equals the one the exporting instance would have taken.
     */
    void importState(Snapshot state);
}
