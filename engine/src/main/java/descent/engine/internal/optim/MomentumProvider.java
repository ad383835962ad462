package descent.engine.internal.optim;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.List;

/**
 * Classic heavy-ball momentum, v ← μ v − α g, θ ← θ + v (Polyak 1964), written directly as
 * {@link HeavyBallMomentum} because DL4J has no such updater; μ is reported as the momentum.
 */
public final class MomentumProvider implements OptimizerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public MomentumProvider() {
    }

    /** The {@code momentum} declaration shared with {@code nesterov}: μ in [0, 1), default 0.9 as DL4J's. */
    static Hyperparameter momentum() {
        return Hyperparameter.real("momentum", 0.9, Range.closedOpen(0, 1), "momentum coefficient mu");
    }

    @Override
    public String id() {
        return "momentum";
    }

    @Override
    public String description() {
        return "heavy-ball momentum: v <- mu * v - lr * g, theta <- theta + v (Polyak 1964)";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(momentum());
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new HeavyBallMomentum(values.real("momentum"));
    }
}
