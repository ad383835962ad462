package descent.engine.internal.optim;

import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Nesterov's accelerated gradient in the momentum form of Sutskever et al. (2013): DL4J's
 * {@code Nesterovs}; μ is reported as the momentum.
 */
public final class NesterovProvider extends UpdaterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public NesterovProvider() {
        super("nesterov",
                "Nesterov momentum (Sutskever et al. 2013 form; DL4J Nesterovs)",
                List.of(MomentumProvider.momentum()));
    }

    @Override
    IUpdater updater(Hyperparameters values) {
        Nesterovs u = new Nesterovs();
        u.setLearningRate(UNUSED_LEARNING_RATE);
        u.setMomentum(values.real("momentum"));
        return u;
    }

    @Override
    double reportedMomentum(Hyperparameters values) {
        return values.real("momentum");
    }
}
