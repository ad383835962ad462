package descent.engine.internal.optim;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.OptimizerConformance;
import org.junit.jupiter.api.Nested;

/** Every built-in optimizer passes the conformance kit with its default hyperparameters. */
class BuiltInOptimizerConformanceTests {

    @Nested
    class Sgd extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new SgdProvider();
        }
    }

    @Nested
    class Momentum extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new MomentumProvider();
        }
    }

    @Nested
    class Nesterov extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new NesterovProvider();
        }
    }

    @Nested
    class Adam extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdamProvider();
        }
    }

    @Nested
    class AdaMax extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaMaxProvider();
        }
    }

    @Nested
    class Nadam extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new NadamProvider();
        }
    }

    @Nested
    class AmsGrad extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AmsGradProvider();
        }
    }

    @Nested
    class AdaGrad extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaGradProvider();
        }
    }

    @Nested
    class RmsProp extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new RmsPropProvider();
        }
    }

    @Nested
    class RmsPropCentered extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new RmsPropCenteredProvider();
        }
    }

    @Nested
    class AdaDelta extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaDeltaProvider();
        }
    }

    @Nested
    class AdaBelief extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaBeliefProvider();
        }
    }
}
