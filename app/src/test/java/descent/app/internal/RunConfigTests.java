package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.data.Scaling;
import descent.engine.Executor;
import descent.engine.schedule.GradientTransform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed run configuration: every option parsed once, written back as canonical texts, bad values in one line. */
class RunConfigTests {

    /** Every engine option with its default, as {@code descent train} with no options has them. */
    private static Map<String, String> defaults() {
        return RunOptions.take(Args.of("train", Map.of(), java.util.Set.of(), List.of()));
    }

    private static Map<String, String> with(String... pairs) {
        Map<String, String> o = defaults();
        for (int i = 0; i < pairs.length; i += 2) {
            o.put(pairs[i], pairs[i + 1]);
        }
        if (o.containsKey("trainer")) {
            o.remove("optimizer");
        }
        return o;
    }

    @Test
    void theDefaultsParseToTypedValuesAndWriteBackAsTheyWere() {
        Map<String, String> given = defaults();
        RunConfig c = RunConfig.parse(given);
        assertThat(c.data()).isEqualTo(new RunConfig.Data("fashion-mnist", null, Scaling.UNIT));
        assertThat(c.model().id()).isEqualTo("mlp");
        assertThat(c.algorithm().id()).isEqualTo("sgd");
        assertThat(c.algorithm().kind()).isEqualTo("optimizer");
        assertThat(c.steps()).isEqualTo(new RunConfig.Steps(0.1, "constant", 64, 5, 1, 1, Executor.FAST));
        assertThat(c.clipping().transform()).isEqualTo(GradientTransform.NONE);
        assertThat(c.diagnostics()).isEqualTo(new RunConfig.Diagnostics(0, 0, 20, 0, 0, 32, 1000));
        assertThat(c.options()).isEqualTo(given);
        assertThat(List.copyOf(c.options().keySet())).isEqualTo(List.copyOf(given.keySet()));
    }

    @Test
    void everyOptionRoundTripsAndNumbersGetOneCanonicalText() {
        Map<String, String> o = with("dataset", "rings", "data-dir", "/data/rings", "scaling", "standardize", "optimizer", "sgd,adam@2",
                "lr", "5e-2", "schedule", "multistep:2=0.01", "batch-size", "32", "epochs", "4", "seed", "-7", "threads", "2", "executor", "DL4J",
                "clip-value", "2.50", "clip-norm", "1E1", "weight-decay", "0.0001", "out", "runs/x", "validation", "0.1",
                "early-stop", " 3:0.001 ", "checkpoint-every", "120s", "sharpness-every", "50s", "sharpness-iterations", "5",
                "hessian-trace-samples", "3", "noise-every", "2", "noise-batches", "8", "diagnostics-subset", "300");
        RunConfig c = RunConfig.parse(o);
        assertThat(c.steps().lr()).isEqualTo(0.05);
        assertThat(c.steps().executor()).isEqualTo(Executor.DL4J);
        assertThat(c.clipping().transform()).isEqualTo(new GradientTransform(2.5, 10, 1e-4));
        assertThat(c.holdout()).isEqualTo(new RunConfig.Holdout("0.1", 3, 0.001, "3:0.001"));
        assertThat(c.outputs()).isEqualTo(new RunConfig.Outputs(Path.of("runs/x"), 0, 120));
        assertThat(c.diagnostics()).isEqualTo(new RunConfig.Diagnostics(0, 50, 5, 3, 2, 8, 300));
        Map<String, String> written = c.options();
        assertThat(written).containsEntry("lr", "0.05").containsEntry("clip-value", "2.5").containsEntry("clip-norm", "10")
                .containsEntry("weight-decay", "0.0001").containsEntry("executor", "dl4j").containsEntry("early-stop", "3:0.001")
                .containsEntry("checkpoint-every", "120s").containsEntry("sharpness-every", "50s").containsEntry("seed", "-7");
        // the canonical texts parse to the same configuration, and are their own canonical form
        assertThat(RunConfig.parse(written)).isEqualTo(c);
        assertThat(RunConfig.parse(written).options()).isEqualTo(written);
        assertThat(RunConfig.parse(with("trainer", "tp-batch")).algorithm()).isEqualTo(new RunConfig.Algorithm(null, "tp-batch"));
        assertThat(RunConfig.text(1e-3)).isEqualTo("0.001");
        assertThat(RunConfig.text(2.0)).isEqualTo("2");
        assertThat(RunConfig.text(1e-12)).isEqualTo("0.000000000001");
    }

    @Test
    void aBadValueIsRefusedAtParseTimeInOneLineNamingTheOption() {
        Object[][] cases = {
            {with("epochs", "0"), "--epochs must be an integer >= 1, got '0'"},
            {with("lr", "fast"), "--lr must be a number > 0, got 'fast'"},
            {with("seed", "1.5"), "--seed must be an integer, got '1.5'"},
            {with("scaling", "minmax"), "unknown scaling 'minmax'"},
            {with("executor", "gpu"), "--executor must be fast or dl4j, got 'gpu'"},
            {with("clip-norm", "-1"), "--clip-norm"},
            {with("checkpoint-every", "often"), "--checkpoint-every must be a number of steps (500) or of seconds (300s), got 'often'"},
            {with("sharpness-every", "0s"), "--sharpness-every must be a number of epochs (5) or of steps (100s)"},
            {with("noise-batches", "1"), "--noise-batches must be an integer >= 2"},
            {with("early-stop", "3"), "--early-stop watches the validation loss"},
            {with("validation", "1.5"), "--validation"},
            {with("schedule", "wobble"), "wobble"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, String> o = (Map<String, String>) c[0];
            assertThatThrownBy(() -> RunConfig.parse(o)).as(String.valueOf(c[1])).isInstanceOf(DescentException.class)
                    .hasMessageContaining((String) c[1]).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void canonicalOptionsOfAnOldRunJsonMatchANewConfiguration() {
        Map<String, String> old = new LinkedHashMap<>(with("lr", "1e-3", "weight-decay", "0.0"));
        old.remove("executor");
        Map<String, String> canonical = RunConfig.canonical(old);
        assertThat(canonical).containsEntry("lr", "0.001").containsEntry("weight-decay", "0").containsEntry("executor", "dl4j");
        assertThat(RunConfig.canonical(with("lr", "0.001"))).containsEntry("lr", "0.001");
    }
}
