package descent.api.testkit;

import descent.api.optim.OptimizerProvider;

/** The kit on plain gradient descent, written in the test: the smallest optimizer that must pass. */
class PlainSgdConformanceTests extends OptimizerConformance {

    @Override
    protected OptimizerProvider provider() {
        return new KitTestOptimizers.PlainSgdProvider();
    }
}
