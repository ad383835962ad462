package descent.optimizers.ode.internal;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.optim.Optimizer;
import java.util.List;

/**
 * {@code adaptive-batch-sgd}: the adaptive batch-size algorithm (seed 000, Algorithm 2), stochastic
 * gradient descent θ ← θ − α ∇L_r(θ) whose batch size grows at given epochs. Read as the SDE
 * dθ = −∇L dt + √2 σ dB (eq. 4.5), whose stationary density is ∝ exp(−L/σ²) (Theorem 4.2.1), a
 * larger batch lowers the gradient noise σ² and so concentrates the iterates where L is small.
 * Sampling is without replacement within an epoch: the engine draws each epoch's order as a
 * permutation and cuts it into batches, so every sample is used once per epoch. The schedule is a
 * {@link BatchSchedule}, e.g. {@code 20:1024,30:2048,40:4096} (the thesis's MLP setting). Algorithm 2
 * as printed omits the learning rate in line 5 (θ ← θ − ∇L_r); the step here is α ∇L_r.
 */
public final class AdaptiveBatchSgdProvider extends OdeProvider {

    static final String SCHEDULE = "batch-schedule";

    /** Called by {@link java.util.ServiceLoader}. */
    public AdaptiveBatchSgdProvider() {
        super("adaptive-batch-sgd", "SGD whose batch size grows at given epochs, sampling without replacement "
                + "(seed 000, Alg. 2)",
                List.of(new Hyperparameter(SCHEDULE, Hyperparameter.Type.TEXT, null, descent.api.Range.ANY,
                        "epoch:batch-size pairs, growing, epochs from 0, e.g. 20:1024,30:2048,40:4096 "
                                + "(--batch-size applies before the first)")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        BatchSchedule schedule = BatchSchedule.parse(owner(), SCHEDULE, values.text(SCHEDULE));
        return new ForwardEuler(schedule::apply);
    }
}
