package descent.engine.internal.optim;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import descent.api.optim.Vectors;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdaBeliefUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An {@link Optimizer} that delegates the update rule to a DL4J {@link IUpdater}: the updater's
 * state lives in one [1, stateSize] view array owned by this object,
 * {@link GradientUpdater#applyUpdater} turns the gradient into the update in place, and the
 * parameters are then decreased by it: θ ← θ − update.
 *
 * <p>The learning rate of every step is handed to the updater through
 * {@link IUpdater#setLrAndSchedule(double, org.nd4j.linalg.schedule.ISchedule)} (no DL4J schedule:
 * the engine owns the schedule). Updaters without a learning rate (AdaDelta) ignore it.
 *
 * <p>The iteration DL4J sees (Adam's bias correction uses it) is the number of steps this
 * optimizer has taken, not the run's iteration, so an optimizer that a composite switches to in
 * the middle of a run starts its bias correction afresh. The exported state is that counter and a
 * copy of the view array.
 */
final class UpdaterOptimizer implements Optimizer {

    static final String STATE = "updater-state";
    static final String STEPS = "steps";

    private final String id;
    private final IUpdater config;
    private final double reportedMomentum;
    /** Whether the updater is DL4J's plain {@code Sgd}, whose step is one axpy. */
    private final boolean plain;
    private long numParameters = -1;
    private INDArray state;
    private GradientUpdater<?> updater;
    private long steps;

    /**
     * @param id the provider's id, for messages
     * @param config the updater configuration; this object keeps a clone of it
     * @param reportedMomentum the momentum (β) reported to every {@link EpochPlan}, or NaN for none
     */
    UpdaterOptimizer(String id, IUpdater config, double reportedMomentum) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config").clone();
        this.reportedMomentum = reportedMomentum;
        this.plain = this.config instanceof Sgd;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("optimizer '" + id + "' needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        long size = config.stateSize(numParameters);
        // DL4J's stateless updaters (Sgd) reject a view array; the others need a row vector.
        state = size == 0 ? null : Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, size);
        updater = instantiate(true);
        steps = 0;
    }

    /** The updater over {@link #state}; zeroes it first when {@code initialize}. */
    private GradientUpdater<?> instantiate(boolean initialize) {
        if (config instanceof AdaBelief adaBelief) {
            // AdaBelief.instantiate in DL4J 1.0.0-M2.1 flattens the view to rank 1 and then halves
            // shape[1], which always fails; its updater takes the [1, 2n] row view directly.
            AdaBeliefUpdater u = new AdaBeliefUpdater(adaBelief);
            u.setStateViewArray(state, new long[] {1, numParameters}, 'c', initialize);
            return u;
        }
        return config.instantiate(state, initialize);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        if (!Double.isNaN(reportedMomentum)) {
            plan.momentum(reportedMomentum);
        }
    }

    @Override
    public void step(Step step) {
        if (updater == null) {
            throw new IllegalStateException("optimizer '" + id + "' was not initialized");
        }
        INDArray parameters = step.parameters();
        INDArray gradient = step.gradient();
        if (gradient.length() != numParameters || parameters.length() != numParameters) {
            throw new IllegalArgumentException("optimizer '" + id + "' was initialized for " + numParameters
                    + " parameters, got " + parameters.length() + " parameters and a gradient of " + gradient.length());
        }
        if (state != null && state.dataType() != gradient.dataType()) {
            // The native updater ops need state and gradient of one type; follow the model's.
            state = state.castTo(gradient.dataType());
            updater = instantiate(false);
        }
        if (plain) {
            // DL4J's Sgd is update = lr * g, then θ − update: one BLAS axpy does both in place.
            Vectors.axpy(-step.learningRate(), gradient, parameters);
            steps++;
            return;
        }
        if (config.hasLearningRate()) {
            config.setLrAndSchedule(step.learningRate(), null);
        }
        // The gradient is engine scratch that may be overwritten; as a [1, n] row (a view when it
        // is contiguous, else a copy) it becomes the update in place.
        INDArray update = gradient.reshape('c', 1, numParameters);
        updater.applyUpdater(update, Math.toIntExact(steps), step.epoch());
        Vectors.axpy(-1, update, parameters);
        steps++;
    }

    @Override
    public Snapshot exportState() {
        Snapshot.Builder b = Snapshot.builder().number(STEPS, steps);
        if (state != null) {
            b.array(STATE, state);
        }
        return b.build();
    }

    @Override
    public void importState(Snapshot snapshot) {
        if (updater == null) {
            throw new IllegalStateException("optimizer '" + id + "' was not initialized");
        }
        double count = snapshot.number(STEPS);
        if (count < 0 || count != Math.rint(count)) {
            throw new DescentException("checkpoint of optimizer '" + id + "' has step count '" + count
                    + "'; it must be a whole number >= 0; the checkpoint is damaged");
        }
        if (state != null) {
            INDArray saved = snapshot.array(STATE);
            if (saved.length() != state.length()) {
                throw new DescentException("checkpoint of optimizer '" + id + "' holds " + saved.length()
                        + " state values, but " + numParameters + " parameters need " + state.length()
                        + "; resume with the model the checkpoint was written for");
            }
            state = saved.dup('c').reshape('c', 1, state.length());
            updater = instantiate(false);
        }
        steps = (long) count;
    }
}
