package descent.optimizers.ode.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;
import java.util.Locale;

/** The common part of {@code ab4} and {@code adams-pece}: the start-up and step-change declarations. */
abstract class AdamsProvider extends OdeProvider {

    static final String STARTUP = "startup";
    static final String ON_STEP_CHANGE = "on-step-change";

    private final boolean corrector;

    AdamsProvider(String id, String description, boolean corrector) {
        super(id, description, List.of(
                Hyperparameter.text(STARTUP, "gd",
                        "first three steps: gd (forward Euler, as the thesis), adams (increasing order) or rk4"),
                Hyperparameter.text(ON_STEP_CHANGE, "restart",
                        "when the learning rate changes: restart (forget the history, start up again) or continue")));
        this.corrector = corrector;
    }

    @Override
    public final Optimizer create(Hyperparameters values) {
        Adams.Startup startup = Adams.Startup.valueOf(
                choice(values, STARTUP, List.of("gd", "adams", "rk4")).toUpperCase(Locale.ROOT));
        Adams.OnStepChange change = Adams.OnStepChange.valueOf(
                choice(values, ON_STEP_CHANGE, List.of("restart", "continue")).toUpperCase(Locale.ROOT));
        return new Adams(owner(), corrector, startup, change);
    }
}
