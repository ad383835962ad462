package descent.engine.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;

import descent.api.Hyperparameters;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The built-in optimizers as the engine finds them: through {@link ServiceLoader}, by id. */
class BuiltInOptimizersTests {

    private static Map<String, OptimizerProvider> loaded() {
        Map<String, OptimizerProvider> byId = new TreeMap<>();
        for (OptimizerProvider p : ServiceLoader.load(OptimizerProvider.class)) {
            if (p.getClass().getPackageName().equals(BuiltInOptimizersTests.class.getPackageName())) {
                assertThat(byId.put(p.id(), p)).as("second provider with id '%s'", p.id()).isNull();
            }
        }
        return byId;
    }

    @Test
    void findsEveryBuiltInOptimizerThroughTheServiceLoader() {
        assertThat(loaded()).containsOnlyKeys("sgd", "momentum", "nesterov", "adam", "adamax", "nadam", "amsgrad",
                "adagrad", "rmsprop", "rmsprop-centered", "adadelta", "adabelief");
    }

    @Test
    void declaresDl4jsDefaults() {
        Map<String, OptimizerProvider> p = loaded();
        assertThat(defaults(p.get("adam"))).containsExactly(
                Map.entry("beta1", "0.9"), Map.entry("beta2", "0.999"), Map.entry("epsilon", "1.0E-8"));
        assertThat(defaults(p.get("adabelief"))).containsEntry("epsilon", "1.0E-14");
        assertThat(defaults(p.get("momentum"))).containsExactly(Map.entry("momentum", "0.9"));
        assertThat(defaults(p.get("nesterov"))).containsExactly(Map.entry("momentum", "0.9"));
        assertThat(defaults(p.get("rmsprop"))).containsExactly(Map.entry("rho", "0.95"), Map.entry("epsilon", "1.0E-8"));
        assertThat(defaults(p.get("rmsprop-centered"))).containsExactly(Map.entry("decay", "0.95"), Map.entry("momentum", "0.9"),
                Map.entry("epsilon", "0.001"));
        assertThat(defaults(p.get("adadelta"))).containsExactly(Map.entry("rho", "0.95"), Map.entry("epsilon", "1.0E-6"));
        assertThat(defaults(p.get("adagrad"))).containsExactly(Map.entry("epsilon", "1.0E-6"));
        assertThat(p.get("sgd").hyperparameters()).isEmpty();
    }

    private static Map<String, String> defaults(OptimizerProvider p) {
        return Hyperparameters.defaults("optimizer '" + p.id() + "'", p.hyperparameters()).asMap();
    }

    @Test
    void reportsTheMomentumOfMomentumMethodsToTheEpochPlan() {
        Map<String, OptimizerProvider> p = loaded();
        assertThat(reportedMomentum(p.get("momentum"), Map.of("momentum", "0.8"))).isEqualTo(0.8);
        assertThat(reportedMomentum(p.get("nesterov"), Map.of("momentum", "0.7"))).isEqualTo(0.7);
        for (String id : List.of("adam", "adamax", "nadam", "amsgrad", "adabelief")) {
            assertThat(reportedMomentum(p.get(id), Map.of("beta1", "0.85"))).as(id).isEqualTo(0.85);
        }
        for (String id : List.of("sgd", "adagrad", "rmsprop", "adadelta")) {
            assertThat(reportedMomentum(p.get(id), Map.of())).as(id).isNaN();
        }
    }

    private static double reportedMomentum(OptimizerProvider provider, Map<String, String> values) {
        Optimizer o = provider.create(Hyperparameters.of("optimizer '" + provider.id() + "'", provider.hyperparameters(), values));
        o.initialize(3);
        EpochPlan plan = new EpochPlan(0, 1, 0.1, 8);
        o.beforeEpoch(plan);
        return plan.momentum().orElse(Double.NaN);
    }
}
