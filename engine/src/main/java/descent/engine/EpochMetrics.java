package descent.engine;

import java.util.Map;

/**
 * What one epoch produced; one row of {@code metrics.csv}.
 *
 * @param epoch the epoch, from 1 as printed
 * @param trainLoss mean mini-batch loss over the epoch, weighted by batch size, before each update
 * @param testLoss mean cross-entropy on the test split after the epoch
 * @param testAccuracy fraction of the test split classified correctly after the epoch
 * @param learningRate the learning rate the epoch started with
 * @param momentum the momentum the optimizer reported, NaN if it has none
 * @param batchSize rows per mini-batch
 * @param gradientEvaluations gradient evaluations since the run began (an RK4 step counts four)
 * @param epochSeconds training time of the epoch, evaluation excluded
 * @param diagnostics extra columns a trainer reports (per-layer rates), in a fixed order
 * @param validationLoss mean cross-entropy on the validation split after the epoch; NaN without one
 * @param validationAccuracy accuracy on the validation split after the epoch; NaN without one
 */
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy, double learningRate,
        double momentum, int batchSize, long gradientEvaluations, double epochSeconds, Map<String, Double> diagnostics,
        double validationLoss, double validationAccuracy) {

    public EpochMetrics {
        diagnostics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diagnostics));
    }

    /** An epoch of a run without a validation split. */
    public EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy, double learningRate,
            double momentum, int batchSize, long gradientEvaluations, double epochSeconds, Map<String, Double> diagnostics) {
        this(epoch, trainLoss, testLoss, testAccuracy, learningRate, momentum, batchSize, gradientEvaluations, epochSeconds,
                diagnostics, Double.NaN, Double.NaN);
    }

    /** Whether the run had a validation split. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss) || !Double.isNaN(validationAccuracy);
    }
}
