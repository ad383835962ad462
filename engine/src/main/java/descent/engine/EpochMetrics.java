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
 */
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy, double learningRate,
        double momentum, int batchSize, long gradientEvaluations, double epochSeconds, Map<String, Double> diagnostics) {

    public EpochMetrics {
        diagnostics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diagnostics));
    }
}
