package org.example.lion.internal;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.OptimizerConformance;

/** Extragradient passes the conformance kit, with the kit's default learning rate. */
class ExtragradientConformanceTests extends OptimizerConformance {

    @Override
    protected OptimizerProvider provider() {
        return new ExtragradientProvider();
    }
}
