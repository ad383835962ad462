package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.QuadraticProblem;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The global order of each solver on the gradient flow of L(θ) = ½ (θ − θ*)ᵀ A (θ − θ*), whose exact
 * solution is θ(t) = θ* + exp(−At)(θ₀ − θ*): integrate to T = 1 with steps h, h/2, h/4, h/8 (every
 * evaluation the exact gradient) and take log₂(e(h)/e(h/2)) for each halving. A has eigenvalues
 * from 1 to 4, and h = 0.01, so h λmax = 0.04 lies well inside AB4's stability interval (0.3) and
 * the errors at h/8 (about 1e-12 for fourth order) stay far above rounding in {@code double}.
 */
class ConvergenceOrderTests {

    private static final QuadraticProblem PROBLEM = QuadraticProblem.randomSpd(6, 4.0, 7L);
    private static final double TIME = 1.0;
    private static final double H = 0.01;

    /** The three measured orders of {@code provider}: halvings h → h/2, h/2 → h/4, h/4 → h/8. */
    private static double[] orders(OptimizerProvider provider, Map<String, String> values) {
        double[] e = new double[4];
        for (int i = 0; i < e.length; i++) {
            e[i] = Trajectories.globalError(provider, values, PROBLEM, TIME, H / (1 << i));
        }
        double[] orders = new double[3];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = Math.log(e[i] / e[i + 1]) / Math.log(2);
        }
        System.out.printf("order of %s %s: errors %s, orders %s%n", provider.id(), values, Arrays.toString(e),
                Arrays.toString(orders));
        return orders;
    }

    private static void assertOrder(OptimizerProvider provider, Map<String, String> values, double expected) {
        double[] measured = orders(provider, values);
        for (int i = 0; i < measured.length; i++) {
            assertThat(measured[i])
                    .as("global order of '%s' %s between h = %s and h = %s", provider.id(), values, H / (1 << i),
                            H / (2 << i))
                    .isCloseTo(expected, within(0.2));
        }
    }

    @Test
    void gradientDescentIsForwardEulerOfOrderOne() {
        assertOrder(new GradientDescentProvider(), Map.of(), 1);
    }

    @Test
    void eulerMaruyamaAtZeroTemperatureAndAdaptiveBatchSgdAreOfOrderOne() {
        assertOrder(new EulerMaruyamaProvider(), Map.of("temperature", "0"), 1);
        assertOrder(new AdaptiveBatchSgdProvider(), Map.of("batch-schedule", "0:1"), 1);
    }

    @Test
    void heunAndMidpointAreOfOrderTwo() {
        assertOrder(new HeunProvider(), Map.of(), 2);
        assertOrder(new MidpointProvider(), Map.of(), 2);
    }

    @Test
    void rungeKuttaFourIsOfOrderFour() {
        assertOrder(new Rk4Provider(), Map.of(), 4);
    }

    @Test
    void adamsMethodsStartedWithRungeKuttaAreOfOrderFour() {
        assertOrder(new AdamsBashforthProvider(), Map.of("startup", "rk4"), 4);
        assertOrder(new AdamsPeceProvider(), Map.of("startup", "rk4"), 4);
    }

    /**
     * The thesis's start-up, three forward Euler steps, each with local error O(h²), adds O(h²) to
     * the global error, which then dominates the O(h⁴) of the Adams steps: order 2.
     */
    @Test
    void adamsMethodsStartedWithGradientDescentAreOfOrderTwo() {
        assertOrder(new AdamsBashforthProvider(), Map.of("startup", "gd"), 2);
        assertOrder(new AdamsPeceProvider(), Map.of("startup", "gd"), 2);
    }

    /**
     * The increasing-order start-up: AB4's first step is AB1 = Euler (local error O(h²)), so order 2;
     * PECE's first step is the AB1/trapezoid pair = Heun (local error O(h³)), so order 3.
     */
    @Test
    void adamsStartupLimitsAb4ToOrderTwoAndPeceToOrderThree() {
        assertOrder(new AdamsBashforthProvider(), Map.of("startup", "adams"), 2);
        assertOrder(new AdamsPeceProvider(), Map.of("startup", "adams"), 3);
    }
}
