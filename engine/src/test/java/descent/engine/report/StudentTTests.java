package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Student's t against closed forms and published quantiles. */
class StudentTTests {

    @Test
    void cdfMatchesTheClosedFormsForOneAndTwoDegreesOfFreedom() {
        for (double t : new double[] {-7.5, -1, -0.2, 0, 0.3, 1, 2.5, 40}) {
            // Cauchy: 1/2 + atan(t)/pi; two degrees of freedom: 1/2 + t / (2 sqrt(2 + t^2))
            assertThat(StudentT.cdf(t, 1)).as("df 1, t %s", t).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-13));
            assertThat(StudentT.cdf(t, 2)).as("df 2, t %s", t).isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-13));
        }
    }

    @Test
    void quantilesMatchPublishedTables() {
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706204736, within(1e-8));
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.776445105, within(1e-8));
        assertThat(StudentT.quantile(0.975, 19)).isCloseTo(2.093024054, within(1e-8));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.042272456, within(1e-8));
        assertThat(StudentT.quantile(0.995, 9)).isCloseTo(3.249835541, within(1e-8));
        // tends to the normal's 1.959964
        assertThat(StudentT.quantile(0.975, 100000)).isCloseTo(1.959986, within(1e-5));
        assertThat(StudentT.quantile(0.025, 19)).isCloseTo(-2.093024054, within(1e-8));
    }

    @Test
    void logGammaMatchesFactorialsAndTheHalfInteger() {
        assertThat(StudentT.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(StudentT.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-12));
        assertThat(StudentT.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
    }
}
