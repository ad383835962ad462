package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AdaMax, the infinity-norm variant of Adam (Kingma and Ba 2015, section 7): DL4J's {@code AdaMax};
 * β1 is reported as the momentum.
 */
public final class AdaMaxProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaMaxProvider() {
        super("adamax",
                "AdaMax: Adam with the infinity norm of past gradients (Kingma and Ba 2015; DL4J AdaMax)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        AdaMax u = new AdaMax();
        u.setLearningRate(UNUSED_LEARNING_RATE);
        u.setBeta1(values.real("beta1"));
        u.setBeta2(values.real("beta2"));
        u.setEpsilon(values.real("epsilon"));
        return u;
    }

    @Override
    double reportedMomentum(Hyperparameters values) {
        return values.real("beta1");
    }
}
