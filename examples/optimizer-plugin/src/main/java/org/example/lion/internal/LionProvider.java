package org.example.lion.internal;

import descent.api.AbstractProvider;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Stability;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.List;

/**
 * {@code lion}: Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of
 * Optimization Algorithms", Algorithm 2). See {@link Lion} for the update rule.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class LionProvider extends AbstractProvider implements OptimizerProvider {

    /** Called by {@link java.util.ServiceLoader}: no work here, the optimizer is made in {@link #create}. */
    public LionProvider() {
        super("lion", "Lion (Chen et al. 2023): theta <- theta - lr * (sign(beta1 m + (1 - beta1) g) + lambda theta), "
                + "m <- beta2 m + (1 - beta2) g",
                List.of(
                        Hyperparameter.real("beta1", 0.9, Range.closedOpen(0, 1),
                                "weight of the momentum in the direction whose sign is taken"),
                        Hyperparameter.real("beta2", 0.99, Range.closedOpen(0, 1),
                                "decay of the momentum m"),
                        // Not "weight-decay": that is descent's own option (--weight-decay adds
                        // lambda theta to the gradient), which would hide this one on the command line.
                        Hyperparameter.real("decoupled-decay", 0.0, Range.atLeast(0),
                                "decoupled weight decay lambda, applied as theta <- theta - lr lambda theta")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new Lion("optimizer '" + id() + "'", values.real("beta1"), values.real("beta2"),
                values.real("decoupled-decay"));
    }
}
