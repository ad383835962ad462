package descent.app;

import static org.assertj.core.api.Assertions.assertThat;

import descent.app.DescentProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --validation} and {@code --early-stop} through the launcher, for train and compare. */
class ValidationIntegrationTests {

    static final String[] RUN = {"--train-limit", "1280", "--test-limit", "300", "--seed", "4"};

    @TempDir
    Path work;

    private Result train(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("train"));
        all.addAll(List.of(RUN));
        all.addAll(List.of(args));
        return DescentProcess.run(work, all.toArray(String[]::new));
    }

    @Test
    void aValidatedRunStopsEarlyKeepsItsBestEpochAndIsThenComplete() throws IOException {
        Result r = train("--epochs", "40", "--lr", "0.5", "--validation", "0.1", "--early-stop", "2:0.05", "--out", "v");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("epoch 1/40  train loss [0-9.]+  validation loss [0-9.]+  validation accuracy [0-9.]+  test loss");
        String stop = r.out().lines().filter(l -> l.startsWith("descent: stopped early after epoch")).findFirst().orElseThrow();
        int stoppedAt = Integer.parseInt(stop.replaceAll("descent: stopped early after epoch (\\d+):.*", "$1"));
        assertThat(stoppedAt).isBetween(3, 39);
        assertThat(stop).contains("has not improved by more than 0.05 for 2 epochs").contains("is in v/best.zip");

        List<String> rows = Files.readAllLines(work.resolve("v/metrics.csv"));
        assertThat(rows.get(0)).startsWith("epoch,train_loss,test_loss,test_accuracy,validation_loss,validation_accuracy,");
        assertThat(rows).hasSize(stoppedAt + 1);
        assertThat(work.resolve("v/best.zip")).isRegularFile();
        String json = Files.readString(work.resolve("v/run.json"));
        assertThat(json).containsPattern("\"train\": 1152,\\s*\"validation\": 128,").contains("\"outcome\": \"stopped early\"");

        Result again = DescentProcess.run(work, "train", "--resume", "v", "--epochs", "50");
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.errLines()).hasSize(1);
        assertThat(again.errLines().get(0)).startsWith("descent: the run in 'v' stopped early at epoch " + stoppedAt + " (its best epoch, ")
                .endsWith(", is in best.zip); it is complete");
    }

    @Test
    void badValidationAndEarlyStopValuesGetOneLine() {
        String[][] cases = {
            {"--early-stop", "3"},
            {"--validation", "1.5"},
            {"--validation", "5000"},
            {"--validation", "0.1", "--early-stop", "0"},
            {"--validation", "0.1", "--early-stop", "3:x"},
        };
        String[] expected = {
            "descent: --early-stop watches the validation loss; add --validation FRACTION or N (e.g. 0.1)",
            "descent: --validation must be a fraction in (0, 1) or a whole number of examples >= 1, got '1.5'",
            "descent: --validation must be a fraction in (0, 1) or a number of examples from 1 to 1279 (the training split has 1280),"
                    + " got '5000'",
            "descent: --early-stop must be PATIENCE or PATIENCE:MIN_DELTA (epochs >= 1, a delta >= 0), e.g. 5 or 5:0.001, got '0'",
            "descent: --early-stop must be PATIENCE or PATIENCE:MIN_DELTA (epochs >= 1, a delta >= 0), e.g. 5 or 5:0.001, got '3:x'",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> a = new java.util.ArrayList<>(List.of(cases[i]));
            a.addAll(List.of("--epochs", "1", "--out", "bad" + i));
            Result r = train(a.toArray(String[]::new));
            assertThat(r.status()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.errLines()).containsExactly(expected[i]);
        }
    }

    @Test
    void plateauSaysWhichSplitItWatches() {
        Result test = train("--epochs", "1", "--schedule", "plateau", "--out", "p1");
        assertThat(test.status()).as(test.err()).isZero();
        assertThat(test.out()).contains("descent: plateau watches the test loss: there is no --validation split, so the test set tunes"
                + " the schedule");
        Result validated = train("--epochs", "1", "--schedule", "plateau", "--validation", "100", "--out", "p2");
        assertThat(validated.status()).as(validated.err()).isZero();
        assertThat(validated.out()).contains("descent: plateau watches the validation loss");
    }

    @Test
    void compareReportsTestAccuracyAtTheBestValidationEpochAndRefusesEarlyStopping() throws IOException {
        Result c = DescentProcess.run(work, "compare", "--optimizers", "sgd,momentum", "--inits", "2", "--epochs", "3", "--train-limit",
                "640", "--test-limit", "200", "--validation", "0.1", "--out", "cmp");
        assertThat(c.status()).as(c.err()).isZero();
        String summary = Files.readString(work.resolve("cmp/summary.md"));
        assertThat(summary).contains("| test accuracy at best validation |")
                .contains("test accuracy at best validation is each run's at its epoch of lowest validation loss");
        // both arms of an initialisation hold out as many rows, seeded alike (ValidationTests checks the seeding)
        String sgd = Files.readString(work.resolve("cmp/sgd/init-0/run.json"));
        String momentum = Files.readString(work.resolve("cmp/momentum/init-0/run.json"));
        assertThat(sgd).containsPattern("\"validation\": 64,");
        assertThat(momentum).containsPattern("\"validation\": 64,");

        Result over = DescentProcess.run(work, "compare", "--optimizers", "sgd,momentum", "--epochs", "3", "--overwrite", "--out", "cmp");
        assertThat(over.status()).isEqualTo(2);
        assertThat(over.errLines()).containsExactly("descent: compare does not take --overwrite: running it again resumes the comparison"
                + " in its --out; to start again, delete that folder or give another --out");

        Result early = DescentProcess.run(work, "compare", "--optimizers", "sgd,momentum", "--epochs", "3", "--validation", "0.1",
                "--early-stop", "2", "--out", "cmp2");
        assertThat(early.status()).isEqualTo(2);
        assertThat(early.errLines()).containsExactly("descent: compare does not take --early-stop: its summary compares every run at"
                + " every epoch, so the runs must all train their epochs; use --validation alone, whose best epoch the summary reports");
    }
}
