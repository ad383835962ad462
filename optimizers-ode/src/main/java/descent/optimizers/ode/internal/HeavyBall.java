package descent.optimizers.ode.internal;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Momentum in the thesis's form (seed 000, section 5.1): m ← β m − ∇L(θ), θ ← θ + α m, with m = 0 at
 * the start and α the learning rate. It differs from Polyak's v ← μ v − α g only when α changes: m
 * is a sum of gradients, not of steps. With β = 1 − c√α it is a consistent scheme, of order 1 in
 * the time step √α, for θ'' + cθ' = −∇L(θ) (Theorem 5.1.1): t = n√α and θ'(t) ≈ √α m.
 *
 * <p>With an {@link Adaptation} (Algorithm 3), β is set to 1 − c√α whenever the scheduled learning
 * rate of an epoch differs from the last one seen, so the same ODE is approximated after each drop.
 * State: m, and for the adaptive form the current β, c and the last learning rate seen.
 */
final class HeavyBall implements Optimizer {

    static final String MOMENTUM = "m";
    static final String BETA = "beta";
    static final String C = "c";
    static final String LAST_RATE = "last-learning-rate";

    private final String owner;
    private final Adaptation adaptation;
    private double beta;
    private long numParameters = -1;
    private INDArray m;

    /**
     * @param owner "optimizer 'id'", for messages
     * @param beta β, or β₀ of the adaptive form
     * @param adaptation how β follows the learning rate; null for a fixed β
     */
    HeavyBall(String owner, double beta, Adaptation adaptation) {
        this.owner = owner;
        this.beta = beta;
        this.adaptation = adaptation;
    }

    /**
     * Algorithm 3's rule β = 1 − c√α. The first epoch runs with β₀; c is given, or derived from the
     * first epoch's α₀ as c = (1 − β₀)/√α₀ (then β₀ = 1 − c√α₀ holds exactly). Whenever an epoch's
     * scheduled α differs from the last one seen (Algorithm 3 lowers it; a rise is treated alike, so
     * that cyclic schedules also keep to one ODE), β becomes 1 − c√α, which must lie in (0, 1).
     *
     * <p>Algorithm 3 keeps m as it is at a change. Since θ' ≈ √α m, the velocity of the ODE then
     * jumps by the factor √(α_new/α_old) (it falls to 1/√10 when α drops tenfold), so the discrete
     * trajectory leaves the ODE's solution by O(|θ'|) at every change however small α is. With
     * {@code rescale}, m is multiplied by √(α_old/α_new) at a change, which keeps θ' continuous and
     * the whole trajectory within O(√α) of the one ODE solution.
     */
    static final class Adaptation {
        private final double givenC;
        private final boolean rescale;
        private double c;
        private double lastRate;

        /**
         * @param c the constant c of β = 1 − c√α, or 0 to derive it from β₀ and the first α
         * @param rescale whether to rescale m at a change of α so that θ' stays continuous
         */
        Adaptation(double c, boolean rescale) {
            this.givenC = c;
            this.c = c;
            this.rescale = rescale;
        }
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException(owner + " needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        m = Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, numParameters);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        if (adaptation != null) {
            adapt(plan.learningRate());
        }
        plan.momentum(beta);
    }

    private void adapt(double rate) {
        Adaptation a = adaptation;
        if (a.lastRate == 0) {
            if (a.givenC == 0) {
                a.c = (1 - beta) / Math.sqrt(rate);
            }
            a.lastRate = rate;
            return;
        }
        if (rate == a.lastRate) {
            return;
        }
        double next = 1 - a.c * Math.sqrt(rate);
        if (!(next > 0 && next < 1)) {
            throw new DescentException("hyperparameter 'c' of " + owner + " = " + a.c + " at learning rate alpha = "
                    + rate + " gives momentum beta = 1 - c*sqrt(alpha) = " + next + ", outside (0, 1); choose c < "
                    + 1 / Math.sqrt(rate) + " (= 1/sqrt(alpha)) or leave c at 0 to derive it from beta");
        }
        if (a.rescale && m != null) {
            m.muli(Math.sqrt(a.lastRate / rate));
        }
        beta = next;
        a.lastRate = rate;
    }

    @Override
    public void step(Step step) {
        if (m == null) {
            throw new IllegalStateException(owner + " was not initialized");
        }
        INDArray theta = step.parameters();
        if (theta.length() != numParameters) {
            throw new IllegalArgumentException(owner + " was initialized for " + numParameters + " parameters, got "
                    + theta.length());
        }
        if (m.dataType() != theta.dataType()) {
            m = m.castTo(theta.dataType());
        }
        Vectors.scale(beta, m);
        Vectors.axpy(-1, step.gradient(), m);
        Vectors.axpy(step.learningRate(), m, theta);
    }

    @Override
    public Snapshot exportState() {
        Snapshot.Builder b = Snapshot.builder().array(MOMENTUM, m);
        if (adaptation != null) {
            b.number(BETA, beta).number(C, adaptation.c).number(LAST_RATE, adaptation.lastRate);
        }
        return b.build();
    }

    @Override
    public void importState(Snapshot state) {
        if (m == null) {
            throw new IllegalStateException(owner + " was not initialized");
        }
        INDArray saved = state.array(MOMENTUM);
        if (saved.length() != numParameters) {
            throw new DescentException("checkpoint of " + owner + " holds a momentum of " + saved.length()
                    + " values, but the model has " + numParameters + " parameters; resume with the model the "
                    + "checkpoint was written for");
        }
        m = saved.dup('c').reshape('c', 1, numParameters);
        if (adaptation != null) {
            beta = state.number(BETA);
            adaptation.c = state.number(C);
            adaptation.lastRate = state.number(LAST_RATE);
        }
    }

    /** β of the coming steps. */
    double beta() {
        return beta;
    }
}
