package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** Adam (Kingma and Ba 2015, arXiv:1412.6980): DL4J's {@code Adam}; β1 is reported as the momentum. */
public final class AdamProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdamProvider() {
        super("adam",
                "Adam: bias-corrected running moments of the gradient (Kingma and Ba 2015; DL4J Adam)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        Adam u = new Adam();
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
