package descent.optimizers.ode.internal;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adams methods on the gradient flow dθ/dt = −∇L(θ) with step h = the learning rate and
 * fₖ = ∇L(θₖ) on step k's own mini-batch (seed 000, section 6.2).
 *
 * <ul>
 *   <li>Adams-Bashforth 4 ({@code ab4}), one gradient per step:
 *       θ_{n+1} = θ_n − h/24 (55 f_n − 59 f_{n−1} + 37 f_{n−2} − 9 f_{n−3}).</li>
 *   <li>Adams PECE ({@code adams-pece}, Algorithm 5), two gradients per step: predict θ* with AB4,
 *       evaluate f* = ∇L(θ*) on the same mini-batch through the oracle, correct with Adams-Moulton,
 *       θ_{n+1} = θ_n − h/24 (9 f* + 19 f_n − 5 f_{n−1} + f_{n−2}). The final evaluation at θ_{n+1} is
 *       the next step's own gradient (on the next mini-batch), which is PECE's second E.</li>
 * </ul>
 *
 * <h2>Start-up</h2>
 * The first three steps, while fewer than three earlier gradients are known, follow
 * {@link Startup}: {@code gd} (the thesis: forward Euler steps), {@code adams} (increasing order:
 * AB1, AB2, AB3; for PECE the pairs AB1/trapezoid, AB2/AM3, AB3/AM4) or {@code rk4} (classical
 * RK4 on the step's mini-batch, four gradients per step). A start-up step with local error
 * O(h^{q+1}) adds O(h^{q+1}) to the global error at a fixed time (it is propagated, not
 * accumulated), so on a smooth flow the measured global order is min(4, q + 1): the {@code gd} start
 * (Euler steps, local error O(h²)) limits both methods to order 2; {@code adams} limits
 * AB4 to order 2 (its first step is Euler) and PECE to order 3 (its first pair is Heun's method,
 * local error O(h³)); {@code rk4} (local error O(h⁵)) keeps order 4.
 *
 * <h2>Variable step size</h2>
 * The formulas assume equally spaced steps. When the learning rate of a step differs from the one
 * the history was built with, {@link OnStepChange#RESTART} (the default) forgets the history and
 * runs the start-up again, so every Adams step is a true fixed-step step; {@link OnStepChange#CONTINUE}
 * keeps the history, which makes the next three steps inconsistent to O(Δh) but never falls back
 * to the start-up. With a schedule that changes the rate every iteration, {@code restart} never
 * leaves the start-up: use a schedule that changes per epoch, or {@code continue}.
 *
 * <h2>State</h2>
 * The last three gradients (copies, newest first) with their count and the step size they were
 * taken with: a resumed run takes the identical next step, in or after the start-up. The history
 * never holds more than four parameter-sized buffers ({@link GradientHistory}).
 */
final class Adams implements Optimizer {

    /** How the first three steps are taken. */
    enum Startup {
        /** Forward Euler (gradient descent) steps, as in Algorithm 5. */
        GD,
        /** Adams methods of increasing order. */
        ADAMS,
        /** Classical Runge-Kutta 4 steps on the step's mini-batch. */
        RK4
    }

    /** What a change of step size does to the history. */
    enum OnStepChange {
        /** Forget the history and start up again. */
        RESTART,
        /** Keep the history. */
        CONTINUE
    }

    static final String FILLED = "filled";
    static final String STEP_SIZE = "step-size";
    static final String GRADIENT = "gradient-";

    /** Adams-Bashforth coefficients of orders 1 to 4, for f_n, f_{n−1}, …. */
    private static final double[][] BASHFORTH = {
        {1},
        {3.0 / 2, -1.0 / 2},
        {23.0 / 12, -16.0 / 12, 5.0 / 12},
        {55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24},
    };

    /** Adams-Moulton coefficients of orders 2 to 4, for f*_{n+1}, f_n, f_{n−1}, …. */
    private static final double[][] MOULTON = {
        {1.0 / 2, 1.0 / 2},
        {5.0 / 12, 8.0 / 12, -1.0 / 12},
        {9.0 / 24, 19.0 / 24, -5.0 / 24, 1.0 / 24},
    };

    /** Earlier gradients a full step needs: AB4 uses f_{n−1}, f_{n−2}, f_{n−3}. */
    private static final int PREVIOUS = GradientHistory.CAPACITY - 1;

    private final String owner;
    private final boolean corrector;
    private final Startup startup;
    private final OnStepChange onStepChange;
    private final GradientHistory history = new GradientHistory();
    private long numParameters = -1;
    /** The step size the history was taken with; 0 before the first step. */
    private double stepSize;
    private INDArray predicted;

    /**
     * @param owner "optimizer 'id'", for messages
     * @param corrector true for PECE, false for AB4
     */
    Adams(String owner, boolean corrector, Startup startup, OnStepChange onStepChange) {
        this.owner = owner;
        this.corrector = corrector;
        this.startup = startup;
        this.onStepChange = onStepChange;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException(owner + " needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
    }

    @Override
    public void step(Step step) {
        INDArray theta = step.parameters();
        if (theta.length() != numParameters) {
            throw new IllegalArgumentException(owner + " was initialized for " + numParameters + " parameters, got "
                    + theta.length());
        }
        double h = step.learningRate();
        if (h != stepSize) {
            if (onStepChange == OnStepChange.RESTART) {
                history.clear();
            }
            stepSize = h;
        }
        history.conform(theta);
        int previous = Math.min(history.size(), PREVIOUS);
        // Copy the gradient before any oracle call: the oracle reuses its buffer.
        INDArray fn = history.push(step.gradient(), theta);
        if (previous < PREVIOUS && startup == Startup.GD) {
            Vectors.axpy(-h, fn, theta);
            return;
        }
        if (previous < PREVIOUS && startup == Startup.RK4) {
            RungeKutta.descend(RungeKutta.RK4, theta, fn, step.oracle(), h, null);
            return;
        }
        int order = previous + 1;
        double[] bashforth = BASHFORTH[order - 1];
        if (!corrector) {
            for (int i = 0; i < bashforth.length; i++) {
                Vectors.axpy(-h * bashforth[i], history.get(i), theta);
            }
            return;
        }
        // The predictor goes into a buffer of this optimizer's, never handed out except to the
        // oracle, which only reads it; in-place axpy steps keep the step free of temporaries.
        if (predicted == null || !Buffers.matches(predicted, theta)) {
            predicted = Buffers.copyLike(theta, theta);
        } else {
            Vectors.copy(theta, predicted);
        }
        for (int i = 0; i < bashforth.length; i++) {
            Vectors.axpy(-h * bashforth[i], history.get(i), predicted);
        }
        INDArray fStar = Buffers.conform(step.oracle().evaluate(predicted).gradient(), theta);
        double[] moulton = MOULTON[Math.min(order, 3) - 1];
        Vectors.axpy(-h * moulton[0], fStar, theta);
        for (int i = 1; i < moulton.length; i++) {
            Vectors.axpy(-h * moulton[i], history.get(i - 1), theta);
        }
    }

    @Override
    public Snapshot exportState() {
        int filled = Math.min(history.size(), PREVIOUS);
        Snapshot.Builder b = Snapshot.builder().number(FILLED, filled).number(STEP_SIZE, stepSize);
        for (int back = 0; back < filled; back++) {
            b.array(GRADIENT + (back + 1), history.get(back));
        }
        return b.build();
    }

    @Override
    public void importState(Snapshot state) {
        if (numParameters < 0) {
            throw new IllegalStateException(owner + " was not initialized");
        }
        double filled = state.number(FILLED);
        if (filled != Math.rint(filled) || filled < 0 || filled > PREVIOUS) {
            throw new DescentException("checkpoint of " + owner + " has a gradient history of " + filled
                    + " entries, expected 0 to " + PREVIOUS + "; it was written by another optimizer or version");
        }
        history.clear();
        for (int back = (int) filled; back >= 1; back--) {
            INDArray g = state.array(GRADIENT + back);
            if (g.length() != numParameters) {
                throw new DescentException("checkpoint of " + owner + " holds gradients of " + g.length()
                        + " values, but the model has " + numParameters + " parameters; resume with the model the "
                        + "checkpoint was written for");
            }
            history.push(g, null);
        }
        stepSize = state.number(STEP_SIZE);
    }
}
