package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTests {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void writesOnePlainLinePerEpochWithoutCarriageReturnsWhenNotATerminal() {
        Progress progress = new Progress(out, Progress.Mode.PLAIN, nanos::get);
        for (int epoch = 1; epoch <= 2; epoch++) {
            progress.startEpoch(epoch, 2, 937);
            for (int batch = 1; batch <= 937; batch++) {
                advanceMillis(13);
                progress.update(batch, 0.4312);
            }
            progress.endEpoch("test_accuracy 0.9100");
        }
        assertThat(output()).doesNotContain("\r").isEqualTo(
                "epoch 1/2 937/937 loss 0.4312 12.2s test_accuracy 0.9100" + System.lineSeparator()
                + "epoch 2/2 937/937 loss 0.4312 12.2s test_accuracy 0.9100" + System.lineSeparator());
    }

    @Test
    void redrawsABarInPlaceAndEndsTheEpochWithANewline() {
        Progress progress = new Progress(out, Progress.Mode.TERMINAL, nanos::get);
        assertThat(progress.isTerminal()).isTrue();
        progress.startEpoch(3, 10, 937);
        advanceMillis(12_300);
        progress.update(512, 0.43124);

        // 512 steps in 12.3 s: 41.6 a second, 425 left in this epoch (10 s) and 7 epochs of 937 after it
        assertThat(output()).endsWith("\repoch 3/10 [================>             ] 512/937 loss 0.4312 12.3s 41.6 steps/s, 0:10 left (run 2:48)");
        progress.endEpoch("test_loss 0.3811");
        // the final line is padded with blanks over the longer live line it replaces
        assertThat(output()).endsWith(
                "\repoch 3/10 [================>             ] 512/937 loss 0.4312 12.3s test_loss 0.3811"
                + " ".repeat(18) + System.lineSeparator());
    }

    @Test
    void fillsTheBarWhenAllBatchesAreDone() {
        Progress progress = new Progress(out, Progress.Mode.TERMINAL, nanos::get);
        progress.startEpoch(1, 1, 10);
        advanceMillis(500);
        progress.update(10, Double.NaN);
        progress.endEpoch("");
        assertThat(output()).endsWith("\repoch 1/1 [==============================] 10/10 0.5s" + System.lineSeparator());
    }

    @Test
    void redrawsAtMostTenTimesASecond() {
        Progress progress = new Progress(out, Progress.Mode.TERMINAL, nanos::get);
        progress.startEpoch(1, 1, 10_000);
        for (int batch = 1; batch <= 10_000; batch++) {
            advanceMillis(1);
            progress.update(batch, 1.0);
        }
        long redraws = output().chars().filter(c -> c == '\r').count();
        // 10 s of updates: the first draw plus one per 100 ms.
        assertThat(redraws).isBetween(100L, 101L);
    }

    @Test
    void blanksWhatRemainsOfALongerPreviousLine() {
        Progress progress = new Progress(out, Progress.Mode.TERMINAL, nanos::get);
        progress.startEpoch(1, 1, 100);
        advanceMillis(200);
        progress.update(5, 123456.789);
        String longer = output().substring(output().lastIndexOf('\r') + 1);
        advanceMillis(200);
        progress.update(6, Double.NaN);
        String shorter = output().substring(output().lastIndexOf('\r') + 1);
        assertThat(shorter).hasSameSizeAs(longer).endsWith(" ");
    }

    @Test
    void autoModeIsPlainWhenThereIsNoConsole() {
        // Test runners redirect standard output, so there is no console here.
        if (System.console() == null) {
            assertThat(Progress.create(out, Progress.Mode.AUTO).isTerminal()).isFalse();
        }
        assertThat(Progress.create(out, Progress.Mode.TERMINAL).isTerminal()).isTrue();
    }

    @Test
    void rejectsUpdatesOutsideAnEpochAndInconsistentCounts() {
        Progress progress = new Progress(out, Progress.Mode.PLAIN, nanos::get);
        assertThatThrownBy(() -> progress.update(1, 0.1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call startEpoch first");
        assertThatThrownBy(() -> progress.startEpoch(4, 3, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch 4 of 3 with 10 batches is inconsistent");
    }
}
