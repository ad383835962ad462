package descent.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Scaling} from the api, applied to data sets as this module loads them. */
class ScalingTests {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    static Dataset load(String id, Map<String, String> hp) {
        DatasetProvider p = ServiceLoader.load(DatasetProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        return p.load(new DatasetRequest(Optional.empty(),
                Hyperparameters.of("data set '" + id + "'", p.hyperparameters(), hp), 17));
    }

    static Dataset fashion() {
        assumeTrue(Files.isDirectory(FASHION),
                "Fashion-MNIST not installed at " + FASHION + "; 'apt-get install dataset-fashion-mnist' to run this test");
        return load("fashion-mnist", Map.of("train-limit", "3000", "test-limit", "1000"));
    }

    @Test
    void unitDividesPixelsByTheirNaturalRange() {
        Dataset raw = fashion();
        Dataset unit = Scaling.UNIT.apply(raw);

        for (INDArray x : new INDArray[] {unit.train().features(), unit.test().features()}) {
            assertThat(x.minNumber().doubleValue()).isEqualTo(0.0);
            assertThat(x.maxNumber().doubleValue()).isEqualTo(1.0);
        }
        assertThat(unit.train().features().getDouble(7, 400))
                .isCloseTo(raw.train().features().getDouble(7, 400) / 255, within(1e-7));
        assertThat(unit.train().labels()).isEqualTo(raw.train().labels());
        assertThat(raw.train().features().maxNumber().doubleValue()).as("input left alone").isEqualTo(255.0);
    }

    @Test
    void standardizeGivesEachPixelMeanZeroAndUnitDeviationOnTrain() {
        Dataset raw = fashion();
        INDArray x = Scaling.STANDARDIZE.apply(raw).train().features();

        double[] mean = x.mean(0).toDoubleVector();
        double[] sd = x.std(false, 0).toDoubleVector();
        double[] rawSd = raw.train().features().std(false, 0).toDoubleVector();
        int varying = 0;
        for (int j = 0; j < mean.length; j++) {
            assertThat(mean[j]).as("mean of pixel %d", j).isCloseTo(0.0, within(1e-4));
            if (rawSd[j] > 0) {
                assertThat(sd[j]).as("sd of pixel %d", j).isCloseTo(1.0, within(1e-3));
                varying++;
            } else {
                assertThat(sd[j]).as("constant pixel %d", j).isEqualTo(0.0);
            }
        }
        assertThat(varying).isGreaterThan(700);
    }

    @Test
    void unitScalesASetWithoutNaturalRangeByTheTrainingMinimumAndMaximum() {
        Dataset raw = load("rings", Map.of("samples", "1000", "test-samples", "1000"));
        Dataset unit = Scaling.UNIT.apply(raw);

        assertThat(unit.train().features().min(0).toDoubleVector()).containsExactly(new double[] {0, 0}, within(1e-6));
        assertThat(unit.train().features().max(0).toDoubleVector()).containsExactly(new double[] {1, 1}, within(1e-6));
        // The test split uses the training statistics: close to [0, 1], not forced into it.
        assertThat(unit.test().features().minNumber().doubleValue()).isBetween(-0.1, 0.05);
        assertThat(unit.test().features().maxNumber().doubleValue()).isBetween(0.95, 1.1);
    }

    @Test
    void standardizeUsesTrainingStatisticsForBothSplits() {
        Dataset raw = load("xor", Map.of("samples", "2000", "test-samples", "2000"));
        Dataset std = Scaling.STANDARDIZE.apply(raw);

        assertThat(std.train().features().mean(0).toDoubleVector()).containsExactly(new double[] {0, 0}, within(1e-5));
        assertThat(std.train().features().std(false, 0).toDoubleVector()).containsExactly(new double[] {1, 1}, within(1e-4));
        double trainMean = raw.train().features().getColumn(0).meanNumber().doubleValue();
        double trainSd = raw.train().features().getColumn(0).stdNumber().doubleValue();
        // stdNumber is the sample (n-1) deviation; Scaling divides by the population deviation.
        double populationSd = trainSd * Math.sqrt(1999.0 / 2000.0);
        assertThat(std.test().features().getDouble(5, 0))
                .isCloseTo((raw.test().features().getDouble(5, 0) - trainMean) / populationSd, within(1e-4));
    }

    @Test
    void noneLeavesTheFeaturesAsLoaded() {
        Dataset raw = load("spirals", Map.of());

        assertThat(Scaling.NONE.apply(raw).train().features()).isEqualTo(raw.train().features());
    }
}
