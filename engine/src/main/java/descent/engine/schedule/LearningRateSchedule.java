package descent.engine.schedule;

import descent.api.Snapshot;
import descent.api.Stability;

/**
 * The learning rate as a function of training progress (and, for reduce-on-plateau, of the test
 * losses seen so far). Instances come from {@link Schedules#parse(String, double, int)}; one
 * instance per run, used by one thread.
 *
 * <h2>Order of use</h2>
 * <ol>
 *   <li>When resuming, {@link #importState(Snapshot)} with what {@link #exportState()} returned
 *       when the checkpoint was written.</li>
 *   <li>For every epoch: {@link #rate(Progress)} at {@link Progress#startOf(int, long)} to fill the
 *       epoch's {@link descent.api.optim.EpochPlan}; then, if {@link #variesWithinEpoch()}, once per
 *       step for that step's rate (otherwise the epoch's rate holds for all its steps); then, after
 *       the epoch's test evaluation, {@link #observe(int, double)} with the test loss.</li>
 *   <li>{@link #exportState()} whenever the engine checkpoints.</li>
 * </ol>
 *
 * <p>Rates are {@code > 0} for every epoch of the run the schedule was parsed for: schedules that
 * anneal to a minimum of 0 reach it at the end of the run, not at the start of its last epoch.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface LearningRateSchedule {

    /** The rate to use at {@code at}. Does not change the schedule's state. */
    double rate(Progress at);

    /**
     * Whether {@link #rate(Progress)} can differ between steps of one epoch (cyclic schedules, and
     * cosine and SGDR with {@code per=iteration}); if not, the epoch's starting rate holds for all
     * its steps.
     */
    default boolean variesWithinEpoch() {
        return false;
    }

    /**
     * Whether the rate of an epoch depends on the run's total number of epochs (cosine and
     * polynomial decay reach their final rate at the last epoch): extending such a run would change
     * the rates of epochs already run.
     */
    default boolean shapedByTotalEpochs() {
        return false;
    }

    /** Whether the schedule uses the test losses passed to {@link #observe(int, double)}. */
    default boolean observesLoss() {
        return false;
    }

    /**
     * Reports the test loss measured after {@code epoch}; a schedule that {@link #observesLoss()}
     * may change the rates of later epochs. Call once per epoch, in increasing order. A NaN loss
     * counts as no improvement.
     */
    default void observe(int epoch, double testLoss) {
    }

    /** The canonical spec, every field included; {@link Schedules#parse} of it gives the same schedule. */
    String describe();

    /** The state that changes during a run; {@link Snapshot#EMPTY} for schedules that are pure functions. */
    default Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    /**
     * Restores what {@link #exportState()} returned, so the schedule continues exactly as the
     * exporting one would have; a {@link descent.api.DescentException} if a field is missing.
     */
    default void importState(Snapshot state) {
    }
}
