package descent.optimizers.ode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.testkit.QuadraticProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Theorem 5.1.1 of seed 000: heavy ball m ← βm − ∇L, θ ← θ + αm with β = 1 − c√α approximates
 * θ'' + cθ' = −∇L(θ) at times t = n√α with θ'(0) = 0. On L = aθ²/2 the damped oscillator has the
 * closed form θ(t) = e^{−ct/2}(cos ωt + c/(2ω) sin ωt), ω = √(a − c²/4), and the scheme is of
 * order 1 in its time step √α.
 */
class MomentumOdeTests {

    private static final double A = 4;
    private static final double C = 1;
    private static final QuadraticProblem OSCILLATOR = QuadraticProblem.diagonal(new double[] {A}, new double[] {0});

    private static double exact(double t) {
        double omega = Math.sqrt(A - C * C / 4);
        return Math.exp(-C * t / 2) * (Math.cos(omega * t) + C / (2 * omega) * Math.sin(omega * t));
    }

    /** Runs {@code optimizer} at learning rate {@code alpha} for {@code time} of ODE time, from θ. */
    private static void advance(Optimizer optimizer, INDArray theta, int epoch, double alpha, double time, long[] iteration) {
        EpochPlan plan = new EpochPlan(epoch, 2, alpha, 1);
        optimizer.beforeEpoch(plan);
        int steps = (int) Math.round(time / Math.sqrt(alpha));
        for (int i = 0; i < steps; i++) {
            optimizer.step(OSCILLATOR.step(theta, alpha, iteration[0]++, epoch, 1));
        }
    }

    private static double heavyBallError(double alpha, double time) {
        Optimizer o = Trajectories.create(new HeavyBallProvider(),
                Map.of("beta", Double.toString(1 - C * Math.sqrt(alpha))), 1);
        INDArray theta = OSCILLATOR.pointAt(1);
        advance(o, theta, 0, alpha, time, new long[1]);
        return Math.abs(theta.getDouble(0) - exact(time));
    }

    @Test
    void heavyBallApproachesTheDampedOscillatorAtRateSqrtAlpha() {
        double[] alphas = {1e-2, 2.5e-3, 6.25e-4, 1.5625e-4};
        double[] errors = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            errors[i] = heavyBallError(alphas[i], 2.0);
        }
        System.out.printf("heavy ball vs theta''+c theta'=-aL: errors %s%n", java.util.Arrays.toString(errors));
        for (int i = 0; i + 1 < alphas.length; i++) {
            double rate = Math.log(errors[i] / errors[i + 1]) / Math.log(Math.sqrt(alphas[i] / alphas[i + 1]));
            assertThat(rate).as("error ~ (sqrt alpha)^rate between alpha = %s and %s", alphas[i], alphas[i + 1])
                    .isCloseTo(1, within(0.2));
        }
        assertThat(errors[errors.length - 1]).isLessThan(0.02);
    }

    /**
     * Adaptive momentum through a learning-rate drop: 1 unit of ODE time at α, then 1 at α/4, with
     * c derived from β₀ = 1 − c√α. The error at t = 2, for α → 0.
     */
    private static double errorAcrossADrop(double alpha, String optimizer, boolean rescale) {
        Optimizer o = optimizer.equals("adaptive-momentum")
                ? Trajectories.create(new AdaptiveMomentumProvider(), Map.of("beta", Double.toString(1 - C * Math.sqrt(alpha)),
                        "rescale-velocity", Boolean.toString(rescale)), 1)
                : Trajectories.create(new HeavyBallProvider(), Map.of("beta", Double.toString(1 - C * Math.sqrt(alpha))), 1);
        INDArray theta = OSCILLATOR.pointAt(1);
        long[] iteration = new long[1];
        advance(o, theta, 0, alpha, 1.0, iteration);
        advance(o, theta, 1, alpha / 4, 1.0, iteration);
        return Math.abs(theta.getDouble(0) - exact(2.0));
    }

    @Test
    void adaptiveMomentumWithRescaledVelocityKeepsToTheSameOdeAcrossADrop() {
        double[] alphas = {1e-2, 2.5e-3, 6.25e-4};
        double[] rescaled = new double[alphas.length];
        double[] asPrinted = new double[alphas.length];
        double[] fixedBeta = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            rescaled[i] = errorAcrossADrop(alphas[i], "adaptive-momentum", true);
            asPrinted[i] = errorAcrossADrop(alphas[i], "adaptive-momentum", false);
            fixedBeta[i] = errorAcrossADrop(alphas[i], "heavy-ball", false);
        }
        System.out.printf("across a drop alpha -> alpha/4: rescaled %s, Alg. 3 as printed %s, fixed beta %s%n",
                java.util.Arrays.toString(rescaled), java.util.Arrays.toString(asPrinted),
                java.util.Arrays.toString(fixedBeta));
        for (int i = 0; i + 1 < alphas.length; i++) {
            assertThat(rescaled[i] / rescaled[i + 1]).as("error ratio of the rescaled form when sqrt(alpha) halves")
                    .isCloseTo(2, within(0.4));
        }
        int last = alphas.length - 1;
        // Algorithm 3 as printed keeps m, so the ODE's velocity halves at the drop: an O(1) error.
        assertThat(asPrinted[last]).isGreaterThan(0.5 * asPrinted[0]).isGreaterThan(5 * rescaled[last]);
        // A fixed beta after the drop approximates theta'' + 2c theta' = -grad L: further off still.
        assertThat(fixedBeta[last]).isGreaterThan(5 * rescaled[last]);
    }
}
