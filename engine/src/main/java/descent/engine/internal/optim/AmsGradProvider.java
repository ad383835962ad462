package descent.engine.internal.optim;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AMSGrad (Reddi, Kale and Kumar 2018, On the Convergence of Adam and Beyond): DL4J's
 * {@code AMSGrad}; β1 is reported as the momentum.
 */
public final class AmsGradProvider extends AdamFamilyProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AmsGradProvider() {
        super("amsgrad",
                "AMSGrad: Adam with a non-decreasing second moment (Reddi et al. 2018; DL4J AMSGrad)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater configuration(double beta1, double beta2, double epsilon) {
        return AMSGrad.builder().beta1(beta1).beta2(beta2).epsilon(epsilon).build();
    }
}
