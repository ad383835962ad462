package org.example.lion.internal;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.OptimizerConformance;
import java.util.Map;

/**
 * Lion with decoupled weight decay passes the kit too. The decay pulls towards 0, not towards θ*,
 * so the optimizer moves where the gradient is zero and that check is skipped. It still converges
 * to θ*: Lion with decay λ minimises the loss over the box |θᵢ| &lt;= 1/λ (Chen, Liang and Liu 2023,
 * "Lion Secretly Solves Constrained Optimization"), and every |θ*ᵢ| of the kit's quadratic lies
 * well inside 1/λ = 100.
 */
class LionWithDecoupledDecayConformanceTests extends OptimizerConformance {

    @Override
    protected OptimizerProvider provider() {
        return new LionProvider();
    }

    @Override
    protected Map<String, String> hyperparameters() {
        return Map.of("beta1", "0.8", "beta2", "0.95", "decoupled-decay", "0.01");
    }

    @Override
    protected double learningRate() {
        return 0.01;
    }

    @Override
    protected boolean keepsStationaryPointsFixed() {
        return false;
    }
}
