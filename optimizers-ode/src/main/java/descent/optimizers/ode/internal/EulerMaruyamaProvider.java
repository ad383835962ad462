package descent.optimizers.ode.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code euler-maruyama}: SGD read as the SDE dθ = −∇L dt + √(2T) dB (seed 000, eq. 4.5, T = σ²),
 * solved by Euler-Maruyama: a gradient step plus Gaussian noise of temperature T (Langevin
 * dynamics, stationary density ∝ exp(−L/T) by Theorem 4.2.1). See {@link EulerMaruyama}. The
 * temperature is required: it sets the scale of the noise relative to the loss, so no default fits
 * every problem; T = 0 is plain SGD.
 */
public final class EulerMaruyamaProvider extends OdeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public EulerMaruyamaProvider() {
        super("euler-maruyama", "Langevin dynamics: theta <- theta - lr * g + sqrt(2 T lr) * N(0, I), the "
                + "Euler-Maruyama scheme of d(theta) = -grad L dt + sqrt(2T) dB (seed 000, eq. 4.5)",
                List.of(new Hyperparameter("temperature", Hyperparameter.Type.REAL, null, Range.atLeast(0),
                                "temperature T of the noise; the stationary density is ~ exp(-L/T); 0 is plain SGD"),
                        Hyperparameter.integer("noise-seed", 1, Range.atLeast(0),
                                "seed of the noise (not --seed); a step's noise depends on (noise-seed, step number) only")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new EulerMaruyama(values.real("temperature"), values.integer("noise-seed"));
    }
}
