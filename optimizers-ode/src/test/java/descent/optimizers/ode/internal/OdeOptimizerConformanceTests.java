package descent.optimizers.ode.internal;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.OptimizerConformance;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * Every optimizer of the module passes the conformance kit, with its defaults and with the
 * hyperparameters that change its state or its stationary points.
 */
class OdeOptimizerConformanceTests {

    @Nested
    class Gd extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new GradientDescentProvider();
        }
    }

    /** T = 0: plain SGD, which keeps stationary points fixed. */
    @Nested
    class EulerMaruyamaAtZeroTemperature extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new EulerMaruyamaProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("temperature", "0");
        }
    }

    /**
     * T &gt; 0 moves at the minimum by design. The expected loss at equilibrium is n T/2 = 0.01 on
     * the kit's 10-dimensional quadratic, well below its 1% of the starting loss (about 0.2).
     */
    @Nested
    class EulerMaruyamaWithNoise extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new EulerMaruyamaProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("temperature", "0.002", "noise-seed", "42");
        }

        @Override
        protected boolean keepsStationaryPointsFixed() {
            return false;
        }
    }

    @Nested
    class HeavyBall extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeavyBallProvider();
        }
    }

    /** The kit's plans have 1 to 20 epochs, so the schedule may name epoch 0 only. */
    @Nested
    class AdaptiveBatchSgd extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaptiveBatchSgdProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("batch-schedule", "0:64");
        }
    }

    @Nested
    class AdaptiveMomentum extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaptiveMomentumProvider();
        }
    }

    @Nested
    class AdaptiveMomentumWithGivenCAndRescaling extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdaptiveMomentumProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("beta", "0.8", "c", "1.5", "rescale-velocity", "true");
        }
    }

    @Nested
    class Heun extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeunProvider();
        }
    }

    @Nested
    class Midpoint extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new MidpointProvider();
        }
    }

    @Nested
    class Rk4 extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new Rk4Provider();
        }
    }

    /** AB4 is stable on a quadratic only for h λmax &lt; 0.3; the kit's λmax is 10. */
    @Nested
    class AdamsBashforth extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdamsBashforthProvider();
        }

        @Override
        protected double learningRate() {
            return 0.02;
        }
    }

    @Nested
    class AdamsBashforthWithRk4Startup extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdamsBashforthProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("startup", "rk4", "on-step-change", "continue");
        }

        @Override
        protected double learningRate() {
            return 0.02;
        }
    }

    @Nested
    class AdamsPece extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdamsPeceProvider();
        }
    }

    @Nested
    class AdamsPeceWithAdamsStartup extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new AdamsPeceProvider();
        }

        @Override
        protected Map<String, String> hyperparameters() {
            return Map.of("startup", "adams");
        }
    }
}
