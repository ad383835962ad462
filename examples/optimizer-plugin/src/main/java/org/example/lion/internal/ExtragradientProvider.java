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
 * {@code extragradient}: the extragradient method (Korpelevich 1976), which looks ahead before it
 * steps and so evaluates the gradient twice per step. See {@link Extragradient}.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ExtragradientProvider extends AbstractProvider implements OptimizerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public ExtragradientProvider() {
        super("extragradient", "extragradient (Korpelevich 1976): look-ahead theta~ = theta - gamma lr g(theta), "
                + "then theta <- theta - lr g(theta~); two gradients per step",
                List.of(Hyperparameter.real("extrapolation", 1.0, new Range(0, false, 1, true),
                        "look-ahead step as a multiple gamma of the learning rate (1: Korpelevich, 0.5: midpoint)")));
    }

    @Override
    public Optimizer create(Hyperparameters values) {
        return new Extragradient(values.real("extrapolation"));
    }
}
