package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.optim.OptimizerCatalog;
import descent.api.testkit.QuadraticProblem;
import descent.api.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The registry's optimizers as trainers see them: specs with values, and one-line failures. */
class OptimizerCatalogTests {

    private final OptimizerCatalog catalog = Registry.builder().build().optimizerCatalog();

    @Test
    void aSpecWithValuesGivesThatOptimizerWithThoseValues() {
        // momentum 0 is plain gradient descent; 0.5 is not: one step of each from the same point.
        QuadraticProblem problem = QuadraticProblem.diagonal(new double[] {2.0}, new double[] {0.0});
        Optimizer none = catalog.create("momentum:momentum=0", "test");
        Optimizer half = catalog.create(" momentum : momentum = 0.5 ", "test");
        none.initialize(1);
        half.initialize(1);
        INDArray a = problem.pointAt(1.0);
        INDArray b = problem.pointAt(1.0);
        for (int k = 0; k < 2; k++) {
            none.step(problem.step(a, 0.1, k, 0, 1));
            half.step(problem.step(b, 0.1, k, 0, 1));
        }
        // θ0 = 1, g = 2θ: plain: 0.8, 0.64; momentum 0.5: v1 = -0.2, θ1 = 0.8; v2 = -0.1 - 0.16, θ2 = 0.54.
        assertThat(a.getDouble(0)).isCloseTo(0.64, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(b.getDouble(0)).isCloseTo(0.54, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void badSpecsAreOneLineNamingWhatTheyAreFor() {
        String usedFor = "hyperparameter 'forward-optimizer' of trainer 'dtp'";
        assertThatThrownBy(() -> catalog.create("adm", usedFor)).isExactlyInstanceOf(DescentException.class)
                .hasMessageStartingWith(usedFor + " 'adm': unknown optimizer 'adm'").hasMessageContaining("adam");
        assertThatThrownBy(() -> catalog.create("adam:beta1", usedFor))
                .hasMessage(usedFor + " 'adam:beta1': 'beta1' is not NAME=VALUE; write e.g. adam:NAME=VALUE,NAME=VALUE");
        assertThatThrownBy(() -> catalog.create("adam:beta1=2", usedFor)).hasMessageStartingWith(usedFor + " 'adam:beta1=2': ")
                .hasMessageContaining("'beta1'");
        assertThatThrownBy(() -> catalog.create(" :x=1", usedFor)).hasMessageStartingWith(usedFor + " is ' :x=1': give an optimizer id");
        for (String spec : new String[] {"adm", "adam:beta1", "adam:beta1=2"}) {
            assertThatThrownBy(() -> catalog.create(spec, usedFor)).message().doesNotContain("\n");
        }
    }
}
