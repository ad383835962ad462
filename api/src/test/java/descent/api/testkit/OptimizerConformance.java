package descent.api.testkit;

import descent.api.Stability;
import descent.api.optim.OptimizerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The conformance suite every {@link OptimizerProvider} must pass. Extend it in your plugin's
 * tests and return your provider:
 *
 * <pre>{@code
 * class MyOptimizerConformanceTests extends OptimizerConformance {
 *     @Override
 *     protected OptimizerProvider provider() {
 *         return new MyOptimizerProvider();
 *     }
 * }
 * }</pre>
 *
 * The suite ships in the {@code descent-api} test-jar
 * ({@code <type>test-jar</type>}, scope {@code test}); the plugin's tests also need JUnit Jupiter,
 * AssertJ and an ND4J backend ({@code nd4j-native}) on their class path, and a Surefire that runs
 * the JUnit Platform (2.22 or later; Maven's default 2.12.4 finds no test and reports success).
 * Without AssertJ the suite fails at once with one line that says what to add; a class whose
 * checks were all disabled or filtered out fails too.
 *
 * <p>Each test is one method of {@link OptimizerChecks}, run on {@link OptimizerChecks#PROBLEM},
 * a dense 10-dimensional convex quadratic with condition number 10: it decreases the loss, keeps
 * a stationary point fixed, resumes bit for bit from an exported state, keeps snapshots apart
 * from live state, creates independent instances, accepts the ends of its declared ranges, rejects
 * hyperparameters out of range or unknown, and has a well-formed id and description. An override of a test method annotated
 * {@code @Disabled("why")} is how a plugin states that one does not apply to it.
 *
 * <p>Stability: experimental.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public abstract class OptimizerConformance {

    /** The learning rate of {@link #learningRate()} unless overridden. */
    public static final double DEFAULT_LEARNING_RATE = 0.07;

    /** The provider under test; may return a new instance on every call. */
    protected abstract OptimizerProvider provider();

    /**
     * Hyperparameter values the provider is created with (validated against its declarations);
     * none by default, that is, the declared defaults.
     */
    protected Map<String, String> hyperparameters() {
        return Map.of();
    }

    /**
     * The learning rate of every epoch plan. The default, {@value #DEFAULT_LEARNING_RATE}, lies
     * below the stability limits of the built-in optimizers on the kit's quadratic (λmax = 10:
     * gradient descent needs α &lt; 0.2, DL4J's Nesterov momentum with μ = 0.9 about α &lt; 0.136) and
     * is large enough for AdaGrad, whose steps shrink like α/√t, to bring the loss to 1% within the
     * 600 steps of the descent check. Methods with a small stability interval override it:
     * Adams-Bashforth 4, for example, is stable only for α λmax &lt; 0.3.
     */
    protected double learningRate() {
        return DEFAULT_LEARNING_RATE;
    }

    /**
     * Whether the optimizer leaves parameters exactly where the gradient is zero: true for every
     * deterministic method whose update vanishes with the gradient (gradient descent, momentum,
     * Adam and its relatives, consistent ODE solvers). Return false for methods that move even at
     * a stationary point by design, such as Langevin dynamics (noise with a temperature) or a
     * decoupled weight decay applied by the optimizer itself (AdamW), which pulls towards zero
     * rather than towards θ*; {@link #staysAtTheMinimumWhereTheGradientIsZero()} is then skipped.
     */
    protected boolean keepsStationaryPointsFixed() {
        return true;
    }

    /** Checks that ran, by concrete test class. */
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, java.util.concurrent.atomic.AtomicInteger> RAN =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The kit's assertions are AssertJ's, which descent-api's test-jar cannot bring with it (Maven
     * does not resolve a test-jar's own dependencies). Without it every check would fail with a
     * {@code NoClassDefFoundError}; this says once what to add.
     */
    @BeforeAll
    static void testDependenciesArePresent() {
        if (!assertJPresent()) {
            throw new IllegalStateException("descent's conformance kit needs AssertJ on the test class path, which the descent-api"
                    + " test-jar cannot bring: add org.assertj:assertj-core 3.26.3 with <scope>test</scope> to your pom"
                    + " (docs/writing-an-optimizer.md, section 3)");
        }
    }

    private static boolean assertJPresent() {
        try {
            Class.forName("org.assertj.core.api.Assertions", false, OptimizerConformance.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A conformance class all of whose checks were disabled, filtered out or skipped has proved nothing: it fails. */
    @AfterAll
    static void atLeastOneCheckRan(TestInfo info) {
        if (!assertJPresent()) {
            return; // testDependenciesArePresent has said why nothing ran
        }
        Class<?> test = info.getTestClass().orElseThrow();
        int ran = RAN.getOrDefault(test, new java.util.concurrent.atomic.AtomicInteger()).get();
        if (ran == 0) {
            throw new AssertionError("no conformance check ran in " + test.getName() + ": all of them were disabled, filtered out"
                    + " or skipped, so the provider is not shown to conform; enable at least the ones that apply to it");
        }
    }

    /** How many of the kit's checks have run in test class {@code test} (in this JVM). */
    static int checksRun(Class<?> test) {
        return RAN.getOrDefault(test, new java.util.concurrent.atomic.AtomicInteger()).get();
    }

    private OptimizerChecks checks() {
        RAN.computeIfAbsent(getClass(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return new OptimizerChecks(provider(), hyperparameters(), learningRate());
    }

    /** See {@link OptimizerChecks#decreasesAConvexQuadratic()}. */
    @Test
    public void decreasesAConvexQuadratic() {
        checks().decreasesAConvexQuadratic();
    }

    /** See {@link OptimizerChecks#staysAtTheMinimum()}; skipped when {@link #keepsStationaryPointsFixed()} is false. */
    @Test
    public void staysAtTheMinimumWhereTheGradientIsZero() {
        Assumptions.assumeTrue(keepsStationaryPointsFixed(), "the optimizer moves at stationary points by design");
        checks().staysAtTheMinimum();
    }

    /** See {@link OptimizerChecks#resumesWithIdenticalSteps()}. */
    @Test
    public void resumesFromExportedStateWithIdenticalSteps() {
        checks().resumesWithIdenticalSteps();
    }

    /** See {@link OptimizerChecks#snapshotsDoNotAliasLiveState()}. */
    @Test
    public void exportedSnapshotsDoNotAliasLiveBuffers() {
        checks().snapshotsDoNotAliasLiveState();
    }

    /** See {@link OptimizerChecks#createsIndependentOptimizers()}. */
    @Test
    public void createsOptimizersThatShareNoState() {
        checks().createsIndependentOptimizers();
    }

    /** See {@link OptimizerChecks#rejectsHyperparametersOutOfRange()}. */
    @Test
    public void rejectsHyperparametersOutsideTheirRangeNamingTheField() {
        checks().rejectsHyperparametersOutOfRange();
    }

    /** See {@link OptimizerChecks#acceptsTheEndsOfEveryDeclaredRange()}. */
    @Test
    public void acceptsTheInclusiveEndsOfEveryDeclaredRange() {
        checks().acceptsTheEndsOfEveryDeclaredRange();
    }

    /** See {@link OptimizerChecks#rejectsUnknownHyperparameters()}. */
    @Test
    public void rejectsAnUnknownHyperparameterNamingIt() {
        checks().rejectsUnknownHyperparameters();
    }

    /** See {@link OptimizerChecks#hasAWellFormedIdAndDescription()}. */
    @Test
    public void hasALowerCaseDashedIdAndADescription() {
        checks().hasAWellFormedIdAndDescription();
    }
}
