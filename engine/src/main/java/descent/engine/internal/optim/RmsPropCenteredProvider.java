package descent.engine.internal.optim;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.List;

/**
 * {@code rmsprop-centered}: RMSprop that divides by the running standard deviation of the gradient,
 * not its root mean square, with momentum on the increment (Graves 2013, eqs. 38 to 41): the
 * update rule of Lee et al. 2015's released difference-target-propagation code, and TensorFlow's
 * {@code RMSprop(centered=True, momentum=...)}. Written as {@link CenteredRmsProp}; DL4J has no such updater.
 */
public final class RmsPropCenteredProvider implements OptimizerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RmsPropCenteredProvider() {
    }

    @Override
    public String id() {
        return "rmsprop-centered";
    }

    @Override
    public String description() {
        return "centered RMSprop with momentum: v <- mu v - lr g / sqrt(E[g^2] - E[g]^2 + eps), theta <- theta + v"
                + " (Graves 2013; Lee et al. 2015's DTP code)";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.real("decay", 0.95, Range.closedOpen(0, 1), "decay rate of the running means of g and g^2"),
                Hyperparameter.real("momentum", 0.9, Range.closedOpen(0, 1), "momentum coefficient mu on the increment"),
                Hyperparameter.real("epsilon", 0.001, Range.greaterThan(0), "added to the variance under the square root"));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new CenteredRmsProp(values.real("decay"), values.real("momentum"), values.real("epsilon"));
    }
}
