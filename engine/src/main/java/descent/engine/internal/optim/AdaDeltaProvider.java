package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * AdaDelta (Zeiler 2012, arXiv:1212.5701): DL4J's {@code AdaDelta}. It has no learning rate, so the
 * engine's learning rate and its schedule do not affect it.
 */
public final class AdaDeltaProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaDeltaProvider() {
        super("adadelta",
                "AdaDelta: no learning rate (the engine's is ignored), steps from running means (Zeiler 2012; DL4J AdaDelta)",
                List.of(rho(0.95, "decay rate of the running means of squared gradients and updates"), epsilon(1e-6)));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        AdaDelta u = new AdaDelta();
        u.setRho(values.real("rho"));
        u.setEpsilon(values.real("epsilon"));
        return u;
    }
}
