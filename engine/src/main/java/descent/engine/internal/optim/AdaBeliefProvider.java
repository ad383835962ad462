package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import descent.api.Range;
import java.util.List;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AdaBelief (Zhuang et al. 2020, arXiv:2010.07468): DL4J's {@code AdaBelief}. β1 = 0 is excluded:
 * the mean then equals the gradient, the belief term vanishes and the step is divided by √ε. β1
 * is reported as the momentum.
 */
public final class AdaBeliefProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaBeliefProvider() {
        super("adabelief",
                "AdaBelief: Adam scaled by the spread of gradients around their mean (Zhuang et al. 2020; DL4J AdaBelief)",
                List.of(beta1(Range.open(0, 1)), beta2(), epsilon(1e-14)));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        AdaBelief u = new AdaBelief();
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
