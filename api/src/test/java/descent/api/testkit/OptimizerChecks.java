package descent.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Snapshot;
import descent.api.Stability;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checks of the optimizer conformance kit as plain methods that throw {@link AssertionError}:
 * {@link OptimizerConformance} runs each as one JUnit test, and the kit's own tests call them on
 * deliberately broken optimizers to show that each can fail.
 *
 * <p>Every check drives the optimizer the way the engine does (see {@link Optimizer}'s order of
 * use): {@code initialize}, then per epoch {@code beforeEpoch} and steps with the plan's learning
 * rate, on {@link #PROBLEM}. The parameter vector is a [1, n] row view into a larger buffer whose
 * other row must stay untouched, and after every step the step's gradient (engine scratch) is
 * overwritten with NaN, so an optimizer that keeps a reference to it instead of a copy fails.
 *
 * <p>Stability: experimental.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class OptimizerChecks {

    /**
     * The quadratic every check runs on: 10 parameters, dense A with eigenvalues from 1 to 10.
     * Gradient descent is stable on it for learning rates below 2 / 10.
     */
    public static final QuadraticProblem PROBLEM = QuadraticProblem.randomSpd(10, 10.0, 20240611L);

    /** Steps of {@link #decreasesAConvexQuadratic()}: this many epochs of {@link #STEPS_PER_EPOCH} steps. */
    public static final int DESCENT_EPOCHS = 20;

    /** Steps per epoch in every check. */
    public static final int STEPS_PER_EPOCH = 30;

    /** The loss after the descent must be below this fraction of the loss at the start. */
    public static final double REQUIRED_LOSS_REDUCTION = 0.01;

    private static final int BATCH_SIZE = 32;
    private static final double SENTINEL = 7.25;

    private final OptimizerProvider provider;
    private final Map<String, String> hyperparameters;
    private final double learningRate;

    /**
     * @param provider the provider under test
     * @param hyperparameters values given to {@code provider.create}, validated against its declarations
     * @param learningRate the learning rate every epoch plan starts with
     */
    public OptimizerChecks(OptimizerProvider provider, Map<String, String> hyperparameters, double learningRate) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.hyperparameters = Map.copyOf(hyperparameters);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    private String owner() {
        return "optimizer '" + provider.id() + "'";
    }

    private Optimizer create() {
        Optimizer optimizer = provider.create(Hyperparameters.of(owner(), provider.hyperparameters(), hyperparameters));
        assertThat(optimizer).as("%s: create returned null", owner()).isNotNull();
        return optimizer;
    }

    private Optimizer createInitialized() {
        Optimizer optimizer = create();
        optimizer.initialize(PROBLEM.dimension());
        return optimizer;
    }

    /**
     * From {@link QuadraticProblem#startingPoint()}, {@link #DESCENT_EPOCHS} epochs bring the loss
     * below {@link #REQUIRED_LOSS_REDUCTION} times its start, with finite parameters all along.
     */
    public void decreasesAConvexQuadratic() {
        Optimizer optimizer = createInitialized();
        Parameters theta = new Parameters(PROBLEM.startingPoint());
        double start = PROBLEM.loss(theta.view());
        for (int epoch = 0; epoch < DESCENT_EPOCHS; epoch++) {
            runEpoch(optimizer, theta, epoch, DESCENT_EPOCHS, (long) epoch * STEPS_PER_EPOCH, STEPS_PER_EPOCH);
        }
        theta.assertOtherRowUntouched();
        double end = PROBLEM.loss(theta.view());
        assertThat(end)
                .as("%s: loss on the kit's quadratic after %d steps at learning rate %s (start %s); it should fall "
                        + "below %s of the start", owner(), DESCENT_EPOCHS * STEPS_PER_EPOCH, learningRate, start,
                        REQUIRED_LOSS_REDUCTION)
                .isLessThan(REQUIRED_LOSS_REDUCTION * start);
    }

    /**
     * Started at θ*, where the gradient is exactly 0, two epochs of steps leave the parameters
     * exactly at θ*: a deterministic method whose update vanishes with the gradient (every
     * built-in, every consistent ODE solver) keeps a stationary point fixed.
     */
    public void staysAtTheMinimum() {
        Optimizer optimizer = createInitialized();
        Parameters theta = new Parameters(PROBLEM.minimum());
        for (int epoch = 0; epoch < 2; epoch++) {
            runEpoch(optimizer, theta, epoch, 2, (long) epoch * STEPS_PER_EPOCH, STEPS_PER_EPOCH);
        }
        theta.assertOtherRowUntouched();
        assertThat(values(theta.view()))
                .as("%s: parameters after %d steps started at the minimum, where the gradient is 0", owner(),
                        2 * STEPS_PER_EPOCH)
                .containsExactly(values(PROBLEM.minimum()));
    }

    /**
     * A checkpoint taken at the end of an epoch and imported into a fresh instance (after
     * {@code initialize}) gives the same next steps, bit for bit, as the instance that exported
     * it; importing the same snapshot a second time, after the first importer has stepped, does too.
     */
    public void resumesWithIdenticalSteps() {
        Optimizer original = createInitialized();
        Parameters theta = new Parameters(PROBLEM.startingPoint());
        runEpoch(original, theta, 0, 2, 0, STEPS_PER_EPOCH);
        Snapshot checkpoint = original.exportState();
        assertThat(checkpoint).as("%s: exportState returned null", owner()).isNotNull();
        INDArray resumedFrom = theta.view().dup();

        List<double[]> expected = trajectory(original, theta, 1, 5);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Optimizer resumed = createInitialized();
            resumed.importState(checkpoint);
            Parameters other = new Parameters(resumedFrom);
            List<double[]> actual = trajectory(resumed, other, 1, 5);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k))
                        .as("%s: parameters after step %d following an import of the checkpoint (import #%d), compared "
                                + "with the instance that exported it; exportState must hold the whole state and "
                                + "importState must restore it (and copy it)", owner(), k + 1, attempt)
                        .containsExactly(expected.get(k));
            }
        }
    }

    /**
     * An exported snapshot does not change when the exporting optimizer steps on, nor when an
     * optimizer that imported it steps: both sides copy.
     */
    public void snapshotsDoNotAliasLiveState() {
        Optimizer original = createInitialized();
        Parameters theta = new Parameters(PROBLEM.startingPoint());
        runEpoch(original, theta, 0, 3, 0, STEPS_PER_EPOCH);
        Snapshot snapshot = original.exportState();
        assertThat(snapshot).as("%s: exportState returned null", owner()).isNotNull();
        Map<String, double[]> before = contents(snapshot);
        Map<String, Double> numbersBefore = new LinkedHashMap<>(snapshot.numbers());
        INDArray resumedFrom = theta.view().dup();

        runEpoch(original, theta, 1, 3, STEPS_PER_EPOCH, STEPS_PER_EPOCH);
        assertSnapshotUnchanged(snapshot, before, numbersBefore, "the exporting optimizer took more steps");

        Optimizer importer = createInitialized();
        importer.importState(snapshot);
        runEpoch(importer, new Parameters(resumedFrom), 1, 3, STEPS_PER_EPOCH, STEPS_PER_EPOCH);
        assertSnapshotUnchanged(snapshot, before, numbersBefore, "an optimizer that imported it took steps");
    }

    /**
     * Two optimizers from one provider share no state: the first step of the second equals the
     * first step of the first, even after the first has taken many more.
     */
    public void createsIndependentOptimizers() {
        Optimizer first = create();
        Optimizer second = create();
        assertThat(second).as("%s: create returned the same instance twice", owner()).isNotSameAs(first);
        first.initialize(PROBLEM.dimension());
        second.initialize(PROBLEM.dimension());
        Parameters a = new Parameters(PROBLEM.startingPoint());
        double[] firstStep = trajectory(first, a, 0, 1).get(0);
        runEpoch(first, a, 1, 2, STEPS_PER_EPOCH, STEPS_PER_EPOCH);
        double[] secondFirstStep = trajectory(second, new Parameters(PROBLEM.startingPoint()), 0, 1).get(0);
        assertThat(secondFirstStep)
                .as("%s: first step of a second optimizer after the first took %d steps; optimizers must not share "
                        + "state (no static fields)", owner(), STEPS_PER_EPOCH + 1)
                .containsExactly(firstStep);
    }

    /**
     * For every declared {@code REAL} or {@code INTEGER} hyperparameter with a bounded range, a value
     * just outside it is rejected with a {@link DescentException} naming the field in quotes.
     */
    public void rejectsHyperparametersOutOfRange() {
        for (Hyperparameter h : provider.hyperparameters()) {
            if (h.type() != Hyperparameter.Type.REAL && h.type() != Hyperparameter.Type.INTEGER) {
                continue;
            }
            String bad = outsideValue(h);
            if (bad == null) {
                continue;
            }
            Map<String, String> given = new LinkedHashMap<>(hyperparameters);
            given.put(h.name(), bad);
            assertThatThrownBy(() -> provider.create(Hyperparameters.of(owner(), provider.hyperparameters(), given)))
                    .as("%s: hyperparameter '%s' set to %s, outside its range %s", owner(), h.name(), bad, h.range())
                    .isInstanceOf(DescentException.class)
                    .hasMessageContaining("'" + h.name() + "'");
        }
    }

    /**
     * Every finite, inclusive end of a declared {@code REAL} or {@code INTEGER} range is accepted by
     * {@code create}, and one epoch of steps with it keeps the parameters finite.
     */
    public void acceptsTheEndsOfEveryDeclaredRange() {
        for (Hyperparameter h : provider.hyperparameters()) {
            if (h.type() != Hyperparameter.Type.REAL && h.type() != Hyperparameter.Type.INTEGER) {
                continue;
            }
            Range r = h.range();
            for (double end : new double[] {r.minInclusive() ? r.min() : Double.NaN, r.maxInclusive() ? r.max() : Double.NaN}) {
                if (!Double.isFinite(end)) {
                    continue;
                }
                String value = h.type() == Hyperparameter.Type.INTEGER ? Long.toString((long) end) : Double.toString(end);
                Map<String, String> given = new LinkedHashMap<>(hyperparameters);
                given.put(h.name(), value);
                Optimizer optimizer;
                try {
                    optimizer = provider.create(Hyperparameters.of(owner(), provider.hyperparameters(), given));
                } catch (RuntimeException e) {
                    throw new AssertionError(owner() + ": hyperparameter '" + h.name() + "' = " + value
                            + " lies in its declared range " + r + " but create rejected it: " + e, e);
                }
                optimizer.initialize(PROBLEM.dimension());
                runEpoch(optimizer, new Parameters(PROBLEM.startingPoint()), 0, 1, 0, STEPS_PER_EPOCH);
            }
        }
    }

    /** A value just outside {@code h}'s range as text, or null when the range is unbounded on both sides. */
    static String outsideValue(Hyperparameter h) {
        Range r = h.range();
        double x = r.outside();
        if (Double.isNaN(x)) {
            return null;
        }
        if (h.type() == Hyperparameter.Type.INTEGER) {
            long l = x < r.min() || (x == r.min() && !r.minInclusive()) ? (long) Math.floor(x) : (long) Math.ceil(x);
            return Long.toString(l);
        }
        return Double.toString(x);
    }

    /** A name the provider does not declare is rejected with a {@link DescentException} naming it in quotes. */
    public void rejectsUnknownHyperparameters() {
        String unknown = "no-such-hyperparameter";
        Map<String, String> given = new LinkedHashMap<>(hyperparameters);
        given.put(unknown, "1");
        assertThatThrownBy(() -> provider.create(Hyperparameters.of(owner(), provider.hyperparameters(), given)))
                .as("%s: unknown hyperparameter '%s'", owner(), unknown)
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'" + unknown + "'");
    }

    /** The id is lower-case words joined by '-' and the description is not blank. */
    public void hasAWellFormedIdAndDescription() {
        assertThat(provider.id())
                .as("id of %s", provider.getClass().getName())
                .isNotNull()
                .matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(provider.description())
                .as("description of %s", owner())
                .isNotBlank();
    }

    private void runEpoch(Optimizer optimizer, Parameters theta, int epoch, int epochs, long firstIteration, int steps) {
        EpochPlan plan = new EpochPlan(epoch, epochs, learningRate, BATCH_SIZE);
        optimizer.beforeEpoch(plan);
        for (int i = 0; i < steps; i++) {
            step(optimizer, theta, plan.learningRate(), firstIteration + i, epoch);
        }
    }

    /** One epoch plan and {@code steps} steps, returning the parameters after each. */
    private List<double[]> trajectory(Optimizer optimizer, Parameters theta, int epoch, int steps) {
        EpochPlan plan = new EpochPlan(epoch, epoch + 1, learningRate, BATCH_SIZE);
        optimizer.beforeEpoch(plan);
        double[][] out = new double[steps][];
        for (int i = 0; i < steps; i++) {
            step(optimizer, theta, plan.learningRate(), (long) epoch * STEPS_PER_EPOCH + i, epoch);
            out[i] = values(theta.view());
        }
        theta.assertOtherRowUntouched();
        return Arrays.asList(out);
    }

    private void step(Optimizer optimizer, Parameters theta, double lr, long iteration, int epoch) {
        QuadraticProblem.QuadraticStep s = PROBLEM.step(theta.view(), lr, iteration, epoch, BATCH_SIZE);
        optimizer.step(s);
        // The engine reuses its gradient scratch: an optimizer that kept it instead of a copy now sees NaN.
        s.gradient().assign(Double.NaN);
        double[] v = values(theta.view());
        for (double x : v) {
            if (!Double.isFinite(x)) {
                fail(owner() + ": parameters not finite after step " + iteration + ": " + Arrays.toString(v)
                        + " (a reference kept to the gradient, which the engine overwrites, reads as NaN)");
            }
        }
    }

    private void assertSnapshotUnchanged(Snapshot snapshot, Map<String, double[]> arrays, Map<String, Double> numbers,
            String after) {
        assertThat(snapshot.arrays().keySet()).as("%s: snapshot array names after %s", owner(), after)
                .containsExactlyElementsOf(arrays.keySet());
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            assertThat(values(snapshot.array(e.getKey())))
                    .as("%s: snapshot array '%s' after %s; the snapshot must not share buffers with live state",
                            owner(), e.getKey(), after)
                    .containsExactly(e.getValue());
        }
        assertThat(snapshot.numbers()).as("%s: snapshot numbers after %s", owner(), after).isEqualTo(numbers);
    }

    private static Map<String, double[]> contents(Snapshot snapshot) {
        Map<String, double[]> m = new LinkedHashMap<>();
        snapshot.arrays().forEach((k, v) -> m.put(k, values(v)));
        return m;
    }

    private static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /**
     * The engine-like parameter buffer: row 1 of a [2, n] array is the [1, n] view handed to the
     * optimizer; row 0 holds a sentinel that must never change.
     */
    private final class Parameters {
        private final INDArray buffer;

        Parameters(INDArray initial) {
            int n = PROBLEM.dimension();
            buffer = Nd4j.create(DataType.DOUBLE, 2, n);
            buffer.getRow(0, true).assign(SENTINEL);
            buffer.getRow(1, true).assign(initial.reshape(1, n));
        }

        INDArray view() {
            return buffer.getRow(1, true);
        }

        void assertOtherRowUntouched() {
            double[] other = values(buffer.getRow(0, true));
            double[] expected = new double[other.length];
            Arrays.fill(expected, SENTINEL);
            assertThat(other)
                    .as("%s: memory next to the parameter view; the optimizer must write only into step.parameters()",
                            owner())
                    .containsExactly(expected);
        }
    }
}
