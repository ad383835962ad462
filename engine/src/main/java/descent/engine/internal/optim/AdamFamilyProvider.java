package descent.engine.internal.optim;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The providers of the Adam family (Adam, AdaMax, Nadam, AMSGrad, AdaBelief): the same three
 * hyperparameters β1, β2, ε, and β1 reported as the momentum. A subclass only says which DL4J
 * configuration to build.
 */
abstract class AdamFamilyProvider extends UpdaterProvider {

    AdamFamilyProvider(String id, String description, List<Hyperparameter> hyperparameters) {
        super(id, description, hyperparameters);
    }

    /** A new DL4J configuration of this kind with these values (its learning rate is set per step). */
    abstract IUpdater configuration(double beta1, double beta2, double epsilon);

    @Override
    final IUpdater updater(Hyperparameters values) {
        IUpdater u = configuration(values.real("beta1"), values.real("beta2"), values.real("epsilon"));
        u.setLrAndSchedule(UNUSED_LEARNING_RATE, null);
        return u;
    }

    @Override
    final double reportedMomentum(Hyperparameters values) {
        return values.real("beta1");
    }
}
