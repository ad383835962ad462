package descent.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import descent.api.optim.OptimizerProvider;
import descent.api.testkit.KitTestOptimizers.Defect;
import descent.api.testkit.KitTestOptimizers.HeavyBallProvider;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link OptimizerConformance} run as JUnit runs it, through the JUnit Platform launcher, on
 * subclasses for broken optimizers: the suite reports the check each defect breaks as failed and
 * the others as passed.
 */
class OptimizerConformanceTests {

    private static final int TESTS = 9;

    /** Heavy ball whose importState ignores its input. */
    static class IgnoringImportedState extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeavyBallProvider(Defect.IGNORES_IMPORTED_STATE);
        }
    }

    /** Heavy ball that keeps the snapshot array it imported. */
    static class AliasingImportedState extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeavyBallProvider(Defect.ALIASES_IMPORTED_STATE);
        }
    }

    /** Heavy ball with its own decay towards zero, not declared. */
    static class DecayingWithoutSayingSo extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeavyBallProvider(Defect.DECAYS_TOWARDS_ZERO);
        }
    }

    /** Heavy ball with its own decay towards zero, declared through keepsStationaryPointsFixed. */
    static class DecayingByDesign extends DecayingWithoutSayingSo {
        @Override
        protected boolean keepsStationaryPointsFixed() {
            return false;
        }
    }

    /** A correct heavy ball. */
    static class Correct extends OptimizerConformance {
        @Override
        protected OptimizerProvider provider() {
            return new HeavyBallProvider(Defect.NONE);
        }
    }

    /** Every check switched off: proves nothing. */
    static class EverythingDisabled extends Correct {
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void decreasesAConvexQuadratic() { super.decreasesAConvexQuadratic(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void staysAtTheMinimumWhereTheGradientIsZero() { super.staysAtTheMinimumWhereTheGradientIsZero(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void resumesFromExportedStateWithIdenticalSteps() { super.resumesFromExportedStateWithIdenticalSteps(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void exportedSnapshotsDoNotAliasLiveBuffers() { super.exportedSnapshotsDoNotAliasLiveBuffers(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void createsOptimizersThatShareNoState() { super.createsOptimizersThatShareNoState(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void rejectsHyperparametersOutsideTheirRangeNamingTheField() { super.rejectsHyperparametersOutsideTheirRangeNamingTheField(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void acceptsTheInclusiveEndsOfEveryDeclaredRange() { super.acceptsTheInclusiveEndsOfEveryDeclaredRange(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void rejectsAnUnknownHyperparameterNamingIt() { super.rejectsAnUnknownHyperparameterNamingIt(); }
        @Override
        @Test @org.junit.jupiter.api.Disabled("off") public void hasALowerCaseDashedIdAndADescription() { super.hasALowerCaseDashedIdAndADescription(); }
    }

    /** One check left on. */
    static class OneCheckOn extends EverythingDisabled {
        @Override
        @Test
        public void hasALowerCaseDashedIdAndADescription() {
            super.hasALowerCaseDashedIdAndADescription();
        }
    }

    private record Outcome(TestExecutionSummary summary, Map<String, Throwable> failures) {
    }

    private static Outcome run(Class<? extends OptimizerConformance> suite) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        Map<String, Throwable> failures = new TreeMap<>();
        summary.getFailures().forEach(f -> failures.put(f.getTestIdentifier().getDisplayName(), f.getException()));
        return new Outcome(summary, failures);
    }

    @Test
    void aSuiteWhoseChecksAreAllDisabledFailsAsAWhole() {
        Outcome outcome = run(EverythingDisabled.class);
        assertThat(outcome.summary().getTestsSkippedCount()).isEqualTo(TESTS);
        assertThat(outcome.failures()).hasSize(1);
        assertThat(outcome.failures().values().iterator().next()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no conformance check ran in " + EverythingDisabled.class.getName());

        Outcome one = run(OneCheckOn.class);
        assertThat(one.failures()).isEmpty();
        assertThat(OptimizerConformance.checksRun(OneCheckOn.class)).isEqualTo(1);
    }

    @Test
    void passesEveryTestOfACorrectOptimizer() {
        Outcome outcome = run(Correct.class);
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.summary().getTestsSucceededCount()).isEqualTo(TESTS);
    }

    @Test
    void failsOnlyTheResumeTestWhenImportIgnoresItsInput() {
        Outcome outcome = run(IgnoringImportedState.class);
        assertThat(outcome.failures()).containsOnlyKeys("resumesFromExportedStateWithIdenticalSteps()");
        assertThat(outcome.failures().values()).allSatisfy(e -> assertThat(e).isInstanceOf(AssertionError.class));
        assertThat(outcome.summary().getTestsSucceededCount()).isEqualTo(TESTS - 1);
    }

    @Test
    void failsTheResumeAndAliasingTestsWhenImportKeepsTheSnapshotsArray() {
        Outcome outcome = run(AliasingImportedState.class);
        assertThat(outcome.failures()).containsOnlyKeys(
                "resumesFromExportedStateWithIdenticalSteps()", "exportedSnapshotsDoNotAliasLiveBuffers()");
    }

    @Test
    void failsTheStationaryPointTestOfAnOptimizerThatMovesThere() {
        Outcome outcome = run(DecayingWithoutSayingSo.class);
        assertThat(outcome.failures()).containsKey("staysAtTheMinimumWhereTheGradientIsZero()");
    }

    @Test
    void skipsTheStationaryPointTestWhenTheOptimizerDeclaresItMovesThere() {
        Outcome outcome = run(DecayingByDesign.class);
        assertThat(outcome.failures()).doesNotContainKey("staysAtTheMinimumWhereTheGradientIsZero()");
        assertThat(outcome.summary().getTestsAbortedCount()).isEqualTo(1);
    }
}
