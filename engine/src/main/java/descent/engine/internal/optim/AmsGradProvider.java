package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AMSGrad (Reddi, Kale and Kumar 2018, On the Convergence of Adam and Beyond): DL4J's
 * {@code AMSGrad}; β1 is reported as the momentum.
 */
public final class AmsGradProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AmsGradProvider() {
        super("amsgrad",
                "AMSGrad: Adam with a non-decreasing second moment (Reddi et al. 2018; DL4J AMSGrad)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        AMSGrad u = new AMSGrad();
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
