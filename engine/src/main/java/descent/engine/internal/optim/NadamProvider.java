package descent.engine.internal.optim;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;

/**
 * Nadam, Adam with Nesterov momentum (Dozat 2016): DL4J's {@code Nadam}; β1 is reported as the
 * momentum.
 */
public final class NadamProvider extends AdamFamilyProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public NadamProvider() {
        super("nadam",
                "Nadam: Adam with Nesterov momentum (Dozat 2016; DL4J Nadam)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater configuration(double beta1, double beta2, double epsilon) {
        return Nadam.builder().beta1(beta1).beta2(beta2).epsilon(epsilon).build();
    }
}
