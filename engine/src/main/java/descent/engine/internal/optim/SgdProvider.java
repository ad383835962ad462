package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Plain stochastic gradient descent, θ ← θ − α g: DL4J's {@code Sgd}. */
public final class SgdProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public SgdProvider() {
        super("sgd",
                "stochastic gradient descent: theta <- theta - lr * g (DL4J Sgd)",
                List.of());
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        return new Sgd(UNUSED_LEARNING_RATE);
    }
}
