package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;

/** AdaGrad (Duchi, Hazan and Singer 2011): DL4J's {@code AdaGrad}. */
public final class AdaGradProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaGradProvider() {
        super("adagrad",
                "AdaGrad: per-coordinate steps from the sum of squared gradients (Duchi et al. 2011; DL4J AdaGrad)",
                List.of(epsilon(1e-6)));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        AdaGrad u = new AdaGrad();
        u.setLearningRate(UNUSED_LEARNING_RATE);
        u.setEpsilon(values.real("epsilon"));
        return u;
    }
}
