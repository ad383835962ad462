package descent.engine.checkpoint;

import descent.api.Snapshot;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything needed to continue a run exactly: parameters, the optimizer's or trainer's state,
 * the schedule's state, and where the run stood. The shuffling RNG has no state of its own: the
 * order of an epoch is drawn from (seed, epoch), so {@code epoch} and {@code position} restore it.
 *
 * @param algorithm {@code optimizer:ID} or {@code trainer:ID}
 * @param epoch epochs completed (the next epoch to run, from 0)
 * @param position mini-batches of {@code epoch} already done (0 between epochs; more with
 *     {@code --checkpoint-every} or after a stop by a signal)
 * @param iteration steps taken in the whole run
 * @param gradientEvaluations gradient evaluations in the whole run
 * @param parameters the flat parameter vector (a copy)
 * @param algorithmState the optimizer's or trainer's exported state
 * @param scheduleState the learning-rate schedule's state
 * @param epochLoss Σ loss × rows over the {@code position} mini-batches of {@code epoch} already
 *     done (0 at an epoch boundary): the rest of the epoch adds to it, so its train loss is the
 *     same as without the interruption
 * @param runState the training loop's own state: the best validation loss so far and its epoch,
 *     the epochs without improvement, whether the run stopped early (empty without a validation
 *     split)
 */
public record Checkpoint(String algorithm, int epoch, int position, long iteration, long gradientEvaluations,
        INDArray parameters, Snapshot algorithmState, Snapshot scheduleState, double epochLoss, Snapshot runState) {

    /** A checkpoint between epochs ({@code epochLoss} 0) without run state. */
    public Checkpoint(String algorithm, int epoch, int position, long iteration, long gradientEvaluations,
            INDArray parameters, Snapshot algorithmState, Snapshot scheduleState) {
        this(algorithm, epoch, position, iteration, gradientEvaluations, parameters, algorithmState, scheduleState, 0, Snapshot.EMPTY);
    }
}
