package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * RMSProp (Tieleman and Hinton 2012, lecture 6.5): DL4J's {@code RmsProp}; {@code rho} is its
 * {@code rmsDecay}.
 */
public final class RmsPropProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RmsPropProvider() {
        super("rmsprop",
                "RMSProp: steps scaled by a running mean of squared gradients (Tieleman and Hinton 2012; DL4J RmsProp)",
                List.of(rho(0.95, "decay rate of the running mean of squared gradients (DL4J rmsDecay)"), epsilon(1e-8)));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        RmsProp u = new RmsProp();
        u.setLearningRate(UNUSED_LEARNING_RATE);
        u.setRmsDecay(values.real("rho"));
        u.setEpsilon(values.real("epsilon"));
        return u;
    }
}
