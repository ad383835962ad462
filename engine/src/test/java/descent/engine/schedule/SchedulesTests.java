package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTests {

    private static final List<String> EXAMPLES = List.of("constant", "multistep:20=0.01,35=0.001", "multistep:20=x0.1,35=x0.1",
            "step:every=10,gamma=0.5", "cosine:min=0.0001", "cosine:per=iteration", "sgdr:t0=10,mult=2,min=0",
            "cyclic:max=0.5,period=4", "cyclic:max=0.5,period=300it,mode=triangular2", "plateau:factor=0.1,patience=3",
            "exponential:gamma=0.95", "inverse:gamma=0.01,power=1", "poly:power=2,final=0", "poly");

    /** Rates at the start of every epoch and at a few steps within each, for comparing two schedules. */
    private static double[] trace(LearningRateSchedule s, int epochs) {
        double[] rates = new double[epochs * 3];
        for (int e = 0; e < epochs; e++) {
            for (int b = 0; b < 3; b++) {
                rates[3 * e + b] = s.rate(new Progress(e, b, 3, 3L * e + b));
            }
        }
        return rates;
    }

    @Test
    void parsesEveryDocumentedExampleAndDescribeReadsBackToTheSameSchedule() {
        for (String spec : EXAMPLES) {
            LearningRateSchedule s = Schedules.parse(spec, 0.1, 50);
            LearningRateSchedule again = Schedules.parse(s.describe(), 0.1, 50);
            assertThat(again.describe()).as(spec).isEqualTo(s.describe());
            assertThat(trace(again, 50)).as(spec).containsExactly(trace(s, 50));
            assertThat(Arrays.stream(trace(s, 50))).as(spec).allMatch(r -> r > 0 && Double.isFinite(r));
        }
    }

    @Test
    void describeFillsInTheDefaults() {
        assertThat(Schedules.parse("poly", 0.1, 10).describe()).isEqualTo("poly:power=1,final=0");
        assertThat(Schedules.parse("step:every=5", 0.1, 10).describe()).isEqualTo("step:every=5,gamma=0.1");
        assertThat(Schedules.parse("sgdr:t0=3", 0.1, 10).describe()).isEqualTo("sgdr:t0=3,mult=1,min=0,per=epoch");
        assertThat(Schedules.parse("plateau", 0.1, 10).describe()).isEqualTo("plateau:factor=0.1,patience=10,min=0,threshold=0.0001,cooldown=0");
        assertThat(Schedules.parse("multistep:20=x0.1,35=0.001", 0.1, 50).describe()).isEqualTo("multistep:20=x0.1,35=0.001");
        assertThat(Schedules.parse("cyclic:max=0.5,period=300it", 0.1, 10).describe()).isEqualTo("cyclic:max=0.5,period=300it,mode=triangular");
    }

    @Test
    void kindsAndFieldsAreCaseInsensitiveAndBlanksAreIgnored() {
        LearningRateSchedule s = Schedules.parse("  Step : Every = 10 , GAMMA=0.5 ", 0.2, 40);
        assertThat(s.describe()).isEqualTo("step:every=10,gamma=0.5");
    }

    @Test
    void listsEveryKindWithAnExampleThatParses() {
        assertThat(Schedules.kinds()).extracting(ScheduleKind::id).containsExactly("constant", "step", "multistep", "exponential",
                "inverse", "poly", "cosine", "sgdr", "cyclic", "plateau");
        for (ScheduleKind k : Schedules.kinds()) {
            assertThat(Schedules.parse(k.example(), 0.1, 50).describe()).startsWith(k.id());
            assertThat(k.syntax()).startsWith(k.id());
        }
        String help = Schedules.help();
        assertThat(help.lines()).hasSize(10);
        assertThat(help).contains("multistep:E1=R1[,E2=R2...]").contains("sgdr:t0=T[,mult=1,min=0,per=epoch]");
    }

    @Test
    void anUnknownKindListsTheKnownOnesAndSuggestsTheClosest() {
        assertThatThrownBy(() -> Schedules.parse("cosin:min=0", 0.1, 10)).isInstanceOf(DescentException.class)
                .hasMessage("unknown schedule 'cosin'; known: constant, step, multistep, exponential, inverse, poly, cosine, sgdr, "
                        + "cyclic, plateau (did you mean 'cosine'?)");
        assertThatThrownBy(() -> Schedules.parse("warmup", 0.1, 10)).hasMessageStartingWith("unknown schedule 'warmup'; known: ")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> Schedules.parse("multi:20=0.01", 0.1, 30)).hasMessageContaining("(did you mean 'multistep'?)");
    }

    @Test
    void anUnknownFieldListsTheKnownFields() {
        assertThatThrownBy(() -> Schedules.parse("step:every=10,gama=0.5", 0.1, 10)).isInstanceOf(DescentException.class)
                .hasMessage("schedule 'step': unknown field 'gama'; known: every, gamma (did you mean 'gamma'?)");
        assertThatThrownBy(() -> Schedules.parse("constant:x=1", 0.1, 10)).hasMessage("schedule 'constant': unknown field 'x'; known: none");
    }

    @Test
    void aMissingFieldIsNamedWithAnExample() {
        assertThatThrownBy(() -> Schedules.parse("step:gamma=0.5", 0.1, 10)).isInstanceOf(DescentException.class)
                .hasMessage("schedule 'step' needs field 'every'; write e.g. --schedule step:every=10,gamma=0.5");
        assertThatThrownBy(() -> Schedules.parse("cyclic:max=0.5", 0.1, 10)).hasMessageContaining("needs field 'period'");
        assertThatThrownBy(() -> Schedules.parse("multistep", 0.1, 10)).hasMessageContaining("needs at least one epoch=rate field");
        assertThatThrownBy(() -> Schedules.parse("exponential", 0.1, 10)).hasMessageContaining("needs field 'gamma'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "step:every=ten|schedule 'step': every must be a whole number, got 'ten'",
        "step:every=10,gamma=fast|schedule 'step': gamma must be a number, got 'fast'",
        "exponential:gamma=NaN|schedule 'exponential': gamma must be a finite number, got 'NaN'",
        "step:every=10,gamma=|schedule 'step': field 'gamma' has no value",
        "step:every=10,every=5|schedule 'step': field 'every' is given twice",
        "step:every10|schedule 'step': field 'every10' is not key=value",
        "cosine:per=batch|schedule 'cosine': per must be one of epoch, iteration, got 'batch'",
        "cyclic:max=0.5,period=2.5it|schedule 'cyclic': a period in iterations must be a whole number >= 2, got '2.5it'",
        "cyclic:max=0.5,period=0|schedule 'cyclic': period must be > 0, got '0'",
        "multistep:20=0.01,abc=0.001|schedule 'multistep': 'abc' is not an epoch number",
        "multistep:20=fast|schedule 'multistep': rate at epoch 20 must be a number, got 'fast'",
    })
    void anUnparsableValueIsQuoted(String spec, String message) {
        assertThatThrownBy(() -> Schedules.parse(spec, 0.1, 30)).isInstanceOf(DescentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "step:every=10,gamma=0|schedule 'step': gamma must be > 0, got '0'",
        "step:every=10,gamma=-0.5|schedule 'step': gamma must be > 0, got '-0.5'",
        "exponential:gamma=-1|schedule 'exponential': gamma must be > 0, got '-1'",
        "inverse:gamma=0|schedule 'inverse': gamma must be > 0, got '0'",
        "step:every=0|schedule 'step': every must be >= 1, got '0'",
        "sgdr:t0=0|schedule 'sgdr': t0 must be >= 1, got '0'",
        "sgdr:t0=5,mult=0.5|schedule 'sgdr': mult must be >= 1, got '0.5'",
        "cosine:min=0.2|schedule 'cosine': min must be < the base learning rate 0.1, got '0.2'",
        "cosine:min=-1|schedule 'cosine': min must be >= 0, got '-1'",
        "poly:final=0.1|schedule 'poly': final must be < the base learning rate 0.1, got '0.1'",
        "cyclic:max=0.05,period=4|schedule 'cyclic': max must be > the base learning rate 0.1, got '0.05'",
        "plateau:factor=1|schedule 'plateau': factor must be < 1, got '1'",
        "plateau:patience=0|schedule 'plateau': patience must be >= 1, got '0'",
        "multistep:20=0.01,10=0.001|schedule 'multistep': epochs must increase, got '10' after '20'",
        "multistep:20=0.01,20=0.001|schedule 'multistep': field '20' is given twice",
        "multistep:20=0.01,30=0.001|schedule 'multistep': epoch '30' is past the last epoch (29) of this 30-epoch run",
        "multistep:0=0.01|schedule 'multistep': epoch must be >= 1, got '0'",
        "multistep:5=-0.01|schedule 'multistep': rate at epoch 5 must be > 0, got '-0.01'",
        "multistep:5=x0|schedule 'multistep': factor at epoch 5 must be > 0, got 'x0'",
    })
    void aValueOutOfRangeIsNamedWithTheRule(String spec, String message) {
        assertThatThrownBy(() -> Schedules.parse(spec, 0.1, 30)).isInstanceOf(DescentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptySpecListsTheKinds(String spec) {
        assertThatThrownBy(() -> Schedules.parse(spec, 0.1, 10)).isInstanceOf(DescentException.class)
                .hasMessageStartingWith("schedule spec is empty; use one of constant, step,");
    }

    @Test
    void rejectsABaseRateOrEpochCountOutOfRange() {
        assertThatThrownBy(() -> Schedules.parse("constant", -0.1, 10)).isInstanceOf(DescentException.class)
                .hasMessage("learning rate must be > 0, got '-0.1'");
        assertThatThrownBy(() -> Schedules.parse("constant", 0.1, 0)).isInstanceOf(DescentException.class)
                .hasMessage("epochs must be >= 1, got '0'");
    }

    @Test
    void everyMessageIsOneLine() {
        for (String spec : List.of("cosin", "step:gama=1", "step", "multistep:40=0.1", "step:every=x")) {
            assertThatThrownBy(() -> Schedules.parse(spec, 0.1, 30)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
