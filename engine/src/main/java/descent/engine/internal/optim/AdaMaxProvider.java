package descent.engine.internal.optim;

import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AdaMax, the infinity-norm variant of Adam (Kingma and Ba 2015, section 7): DL4J's {@code AdaMax};
 * β1 is reported as the momentum.
 */
public final class AdaMaxProvider extends AdamFamilyProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaMaxProvider() {
        super("adamax",
                "AdaMax: Adam with the infinity norm of past gradients (Kingma and Ba 2015; DL4J AdaMax)",
                adamFamily(1e-8));
    }

    @Override
    IUpdater configuration(double beta1, double beta2, double epsilon) {
        // DL4J's AdaMax has no builder.
        AdaMax u = new AdaMax();
        u.setBeta1(beta1);
        u.setBeta2(beta2);
        u.setEpsilon(epsilon);
        return u;
    }
}
