package descent.engine.internal.optim;

import descent.api.AbstractProvider;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The common part of the providers whose optimizer is a DL4J updater behind an
 * {@link UpdaterOptimizer}: id, description and declarations, and the shared declarations of the
 * Adam family. Defaults and ranges are DL4J's defaults and the ranges its algorithms are defined on.
 */
abstract class UpdaterProvider extends AbstractProvider implements OptimizerProvider {

    /** The placeholder learning rate of a configuration before its first step. */
    static final double UNUSED_LEARNING_RATE = 1e-3;

    UpdaterProvider(String id, String description, List<Hyperparameter> hyperparameters) {
        super(id, description, hyperparameters);
    }

    @Override
    public final Optimizer create(Hyperparameters values) {
        return new UpdaterOptimizer(id(), updater(values), reportedMomentum(values));
    }

    /** The DL4J configuration for {@code values}; its learning rate is replaced at every step. */
    abstract IUpdater updater(Hyperparameters values);

    /** The momentum (β) reported to the epoch plan, NaN for none. */
    double reportedMomentum(Hyperparameters values) {
        return Double.NaN;
    }

    static Hyperparameter beta1(Range range) {
        return Hyperparameter.real("beta1", 0.9, range, "decay rate of the running mean of gradients (first moment)");
    }

    static Hyperparameter beta2() {
        return Hyperparameter.real("beta2", 0.999, Range.closedOpen(0, 1),
                "decay rate of the running mean of squared gradients (second moment)");
    }

    static Hyperparameter epsilon(double defaultValue) {
        return Hyperparameter.real("epsilon", defaultValue, Range.greaterThan(0), "added to the denominator for stability");
    }

    static Hyperparameter rho(double defaultValue, String description) {
        return Hyperparameter.real("rho", defaultValue, Range.closedOpen(0, 1), description);
    }

    static List<Hyperparameter> adamFamily(double epsilon) {
        return List.of(beta1(Range.closedOpen(0, 1)), beta2(), epsilon(epsilon));
    }
}
