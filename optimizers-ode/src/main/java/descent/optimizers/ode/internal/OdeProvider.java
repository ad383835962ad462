package descent.optimizers.ode.internal;

import descent.api.DescentException;
import descent.api.AbstractProvider;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.optim.OptimizerProvider;
import java.util.List;
import java.util.Locale;

/** The common part of this module's providers: id, description and declarations. */
abstract class OdeProvider extends AbstractProvider implements OptimizerProvider {

    OdeProvider(String id, String description, List<Hyperparameter> hyperparameters) {
        super(id, description, hyperparameters);
    }

    /** "optimizer 'id'", for messages. */
    final String owner() {
        return "optimizer '" + id() + "'";
    }

    /**
     * The value of the {@code TEXT} hyperparameter {@code name}, which must be one of
     * {@code choices} (compared ignoring case); otherwise a one-line error naming the value.
     */
    final String choice(Hyperparameters values, String name, List<String> choices) {
        String v = values.text(name).toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) {
            throw new DescentException("hyperparameter '" + name + "' of " + owner() + " must be one of "
                    + String.join(", ", choices) + ", got '" + values.text(name) + "'");
        }
        return v;
    }
}
