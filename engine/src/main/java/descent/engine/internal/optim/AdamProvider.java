package descent.engine.internal.optim;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** Adam (Kingma and Ba 2015, arXiv:1412.6980): DL4J's {@code Adam}; β1 is reported as the momentum. */
public final class AdamProvider extends AdamFamilyProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdamProvider() {
        super("adam",
                "Adam: bias-corrected running moments of the gradient (Kingma and Ba 2015; DL4J Adam)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater configuration(double beta1, double beta2, double epsilon) {
        return Adam.builder().beta1(beta1).beta2(beta2).epsilon(epsilon).build();
    }
}
