package org.example.lion.internal;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.OptimizerConformance;

/** Lion with its defaults passes the conformance kit every optimizer must pass. */
class LionConformanceTests extends OptimizerConformance {

    @Override
    protected OptimizerProvider provider() {
        return new LionProvider();
    }

    /**
     * Lion moves every coordinate by the full learning rate until the momentum changes sign, so it
     * ends up oscillating around θ* in a band some learning rates wide; at the kit's default of
     * 0.07 that band still holds about 1% of the starting loss. A smaller rate is Lion's usual one.
     */
    @Override
    protected double learningRate() {
        return 0.01;
    }
}
