package descent.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.Hyperparameter;
import descent.api.Range;
import descent.api.testkit.KitTestOptimizers.Defect;
import descent.api.testkit.KitTestOptimizers.HeavyBallProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each check of the kit fails for an optimizer with the defect it exists to catch, and passes for
 * a correct one: a kit that cannot fail checks nothing.
 */
class OptimizerChecksTests {

    private static OptimizerChecks checks(Defect defect) {
        return new OptimizerChecks(new HeavyBallProvider(defect), Map.of(), OptimizerConformance.DEFAULT_LEARNING_RATE);
    }

    @Test
    void passesACorrectHeavyBallMethodOnEveryCheck() {
        OptimizerChecks checks = checks(Defect.NONE);
        checks.decreasesAConvexQuadratic();
        checks.staysAtTheMinimum();
        checks.resumesWithIdenticalSteps();
        checks.snapshotsDoNotAliasLiveState();
        checks.createsIndependentOptimizers();
        checks.acceptsTheEndsOfEveryDeclaredRange();
        checks.rejectsHyperparametersOutOfRange();
        checks.rejectsUnknownHyperparameters();
        checks.hasAWellFormedIdAndDescription();
    }

    @Test
    void failsAnOptimizerWhoseImportIgnoresItsInput() {
        assertThatThrownBy(() -> checks(Defect.IGNORES_IMPORTED_STATE).resumesWithIdenticalSteps())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("optimizer 'heavy-ball'")
                .hasMessageContaining("after step 1 following an import of the checkpoint (import #1)");
    }

    @Test
    void failsAnOptimizerThatKeepsTheSnapshotArrayItImported() {
        assertThatThrownBy(() -> checks(Defect.ALIASES_IMPORTED_STATE).resumesWithIdenticalSteps())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("(import #2)");
        assertThatThrownBy(() -> checks(Defect.ALIASES_IMPORTED_STATE).snapshotsDoNotAliasLiveState())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("snapshot array 'velocity' after an optimizer that imported it took steps");
    }

    @Test
    void failsAnOptimizerThatKeepsTheEnginesGradientBuffer() {
        assertThatThrownBy(() -> checks(Defect.KEEPS_THE_GRADIENT_BUFFER).decreasesAConvexQuadratic())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("parameters not finite after step 1");
    }

    @Test
    void failsAnOptimizerThatClimbsTheLoss() {
        assertThatThrownBy(() -> checks(Defect.ASCENDS).decreasesAConvexQuadratic())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("it should fall below 0.01 of the start");
    }

    @Test
    void failsOptimizersThatShareStateAcrossInstances() {
        assertThatThrownBy(() -> checks(Defect.SHARES_STATE_ACROSS_INSTANCES).createsIndependentOptimizers())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("optimizers must not share state");
    }

    @Test
    void failsAnOptimizerThatMovesWhereTheGradientIsZero() {
        assertThatThrownBy(() -> checks(Defect.DECAYS_TOWARDS_ZERO).staysAtTheMinimum())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("started at the minimum, where the gradient is 0");
    }

    @Test
    void failsAProviderThatRejectsAValueInsideItsDeclaredRange() {
        assertThatThrownBy(() -> checks(Defect.REJECTS_A_DECLARED_VALUE).acceptsTheEndsOfEveryDeclaredRange())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("hyperparameter 'momentum' = 0.0 lies in its declared range in [0, 1) but create rejected it");
    }

    @Test
    void failsAMalformedIdAndABlankDescription() {
        assertThatThrownBy(() -> checks(Defect.MALFORMED_ID).hasAWellFormedIdAndDescription())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Heavy_Ball");
    }

    @Test
    void takesAValueJustOutsideEachKindOfRange() {
        assertThat(Double.parseDouble(OptimizerChecks.outsideValue(
                Hyperparameter.real("beta", 0.5, Range.closedOpen(0, 1), "b")))).isNegative();
        assertThat(OptimizerChecks.outsideValue(Hyperparameter.real("eps", 1e-8, Range.greaterThan(0), "e"))).isEqualTo("0.0");
        assertThat(OptimizerChecks.outsideValue(Hyperparameter.integer("k", 2, Range.atLeast(1), "k"))).isEqualTo("0");
        assertThat(OptimizerChecks.outsideValue(Hyperparameter.integer("k", 2, Range.greaterThan(1), "k"))).isEqualTo("1");
        assertThat(OptimizerChecks.outsideValue(Hyperparameter.integer("k", 2, new Range(Double.NEGATIVE_INFINITY, false, 4, true), "k")))
                .isEqualTo("5");
        assertThat(OptimizerChecks.outsideValue(Hyperparameter.real("x", 2, Range.ANY, "x"))).isNull();
    }
}
