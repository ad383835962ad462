package descent.api.testkit;

import descent.api.optim.OptimizerProvider;
import java.util.Map;

/**
 * The kit on heavy-ball momentum written in the test: a stateful optimizer with a real and an
 * integer hyperparameter, so the state and range checks have something to check.
 */
class HeavyBallConformanceTests extends OptimizerConformance {

    @Override
    protected OptimizerProvider provider() {
        return new KitTestOptimizers.HeavyBallProvider(KitTestOptimizers.Defect.NONE);
    }

    @Override
    protected Map<String, String> hyperparameters() {
        return Map.of("momentum", "0.5", "warm-up", "3");
    }
}
