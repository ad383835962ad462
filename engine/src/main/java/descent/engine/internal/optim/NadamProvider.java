package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;

/**
 * Nadam, Adam with Nesterov momentum (Dozat 2016): DL4J's {@code Nadam}; β1 is reported as the
 * momentum.
 */
public final class NadamProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public NadamProvider() {
        super("nadam",
                "Nadam: Adam with Nesterov momentum (Dozat 2016; DL4J Nadam)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        Nadam u = new Nadam();
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
