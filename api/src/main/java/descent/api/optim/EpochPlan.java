package descent.api.optim;

import descent.api.DescentException;
import descent.api.Stability;
import java.util.OptionalDouble;

/**
 * What the coming epoch will use: learning rate, batch size and (if the optimizer has one)
 * momentum. The engine fills it from its schedules and passes it to
 * {@link Optimizer#beforeEpoch(EpochPlan)} (or the trainer's hook), which may change it; the
 * engine then trains the epoch with it and records it in {@code metrics.csv}.
 */
@Stability(Stability.Level.STABLE)
public final class EpochPlan {

    private final int epoch;
    private final int epochs;
    private double learningRate;
    private int batchSize;
    private double momentum = Double.NaN;

    /**
     * @param epoch the epoch about to run, from 0
     * @param epochs how many epochs the run has in total
     * @param learningRate the scheduled learning rate
     * @param batchSize the configured batch size
     */
    public EpochPlan(int epoch, int epochs, double learningRate, int batchSize) {
        this.epoch = epoch;
        this.epochs = epochs;
        learningRate(learningRate);
        batchSize(batchSize);
    }

    /** The epoch about to run, from 0. */
    public int epoch() {
        return epoch;
    }

    /** How many epochs the run has in total. */
    public int epochs() {
        return epochs;
    }

    /** The learning rate the epoch starts with (a per-iteration schedule may vary it within the epoch). */
    public double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate of this epoch; must be finite and > 0. */
    public void learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new DescentException("learning rate must be > 0, got " + lr);
        }
        this.learningRate = lr;
    }

    /** Rows per mini-batch for this epoch. */
    public int batchSize() {
        return batchSize;
    }

    /** Sets the batch size of this epoch; must be >= 1 (the engine caps it at the training-set size). */
    public void batchSize(int size) {
        if (size < 1) {
            throw new DescentException("batch size must be >= 1, got " + size);
        }
        this.batchSize = size;
    }

    /** The momentum the optimizer reported for this epoch, if any. */
    public OptionalDouble momentum() {
        return Double.isNaN(momentum) ? OptionalDouble.empty() : OptionalDouble.of(momentum);
    }

    /** Reports the momentum (β) used in this epoch, for the metrics. */
    public void momentum(double beta) {
        this.momentum = beta;
    }
}
