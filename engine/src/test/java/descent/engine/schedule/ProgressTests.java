package descent.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProgressTests {

    @Test
    void epochsCountsTheFractionOfTheEpochDone() {
        assertThat(new Progress(3, 1, 4, 13).epochs()).isEqualTo(3.25);
        assertThat(Progress.startOf(7, 70).epochs()).isEqualTo(7.0);
    }

    @Test
    void rejectsABatchOutsideItsEpoch() {
        assertThatThrownBy(() -> new Progress(0, 4, 4, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch 4 of 4");
        assertThatThrownBy(() -> new Progress(-1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Progress(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
