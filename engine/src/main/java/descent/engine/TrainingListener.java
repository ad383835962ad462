package descent.engine;

import java.util.Map;

import descent.api.optim.EpochPlan;

/**
 * Follows a training run: the app draws its progress bar and writes metrics through this. All
 * methods run on the training thread; the defaults do nothing.
 */
public interface TrainingListener {

    /** An epoch is about to start with {@code batches} mini-batches. */
    default void epochStarted(EpochPlan plan, int batches) {
    }

    /** A mini-batch is done ({@code batch} from 1). */
    default void batchDone(int batch, double loss) {
    }

    /**
     * An epoch is trained and evaluated. Called before that epoch's checkpoint is written, so a
     * listener that records the epoch (a metrics row) is never behind the checkpoint.
     */
    default void epochDone(EpochMetrics metrics) {
    }

    /**
     * A sharpness measured inside an epoch (step-wise {@code --sharpness-every Ks}), after training
     * step {@code step} (counted over the run, from 1) of epoch {@code epoch} (from 1).
     */
    default void sharpnessMeasured(long step, int epoch, Map<String, Double> values) {
    }
}
