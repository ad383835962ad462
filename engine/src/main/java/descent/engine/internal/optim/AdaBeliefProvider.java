package descent.engine.internal.optim;

import descent.api.Range;
import java.util.List;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AdaBelief (Zhuang et al. 2020, arXiv:2010.07468): DL4J's {@code AdaBelief}. β1 = 0 is excluded:
 * the mean then equals the gradient, the belief term vanishes and the step is divided by √ε. β1
 * is reported as the momentum.
 */
public final class AdaBeliefProvider extends AdamFamilyProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaBeliefProvider() {
        super("adabelief",
                "AdaBelief: Adam scaled by the spread of gradients around their mean (Zhuang et al. 2020; DL4J AdaBelief)",
                List.of(beta1(Range.open(0, 1)), beta2(), epsilon(1e-14)));
    }

    @Override
    IUpdater configuration(double beta1, double beta2, double epsilon) {
        return AdaBelief.builder().beta1(beta1).beta2(beta2).epsilon(epsilon).build();
    }
}
