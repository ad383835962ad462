package descent.engine.schedule;

import descent.api.Stability;

/**
 * Where training stands when the engine asks a {@link LearningRateSchedule} for a rate.
 *
 * @param epoch the epoch, from 0
 * @param batch the mini-batch within the epoch, from 0
 * @param batchesPerEpoch how many mini-batches this epoch has (≥ 1); with {@code batch} it gives
 *     the fraction of the epoch done, which per-iteration schedules use
 * @param iteration steps taken before this one in the whole run (across epochs and resumes), as in
 *     {@link descent.api.optim.Step#iteration()}
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record Progress(int epoch, int batch, int batchesPerEpoch, long iteration) {

    public Progress {
        if (epoch < 0 || batch < 0 || batchesPerEpoch < 1 || batch >= batchesPerEpoch || iteration < 0) {
            throw new IllegalArgumentException("invalid training progress: epoch " + epoch + ", batch " + batch
                    + " of " + batchesPerEpoch + ", iteration " + iteration);
        }
    }

    /** The start of {@code epoch}, after {@code iteration} steps in the run: what fills the epoch's plan. */
    public static Progress startOf(int epoch, long iteration) {
        return new Progress(epoch, 0, 1, iteration);
    }

    /** Epochs done so far as a real number: {@code epoch + batch / batchesPerEpoch}. */
    public double epochs() {
        return epoch + (double) batch / batchesPerEpoch;
    }
}
