package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WaveformsTest {

    @Test
    void shouldCutEachRowToItsLength() {
        Waveforms w = Waveforms.of(new float[][] {{0.1f, 0.2f, 0f}, {0.3f, 0f, 0f}}, new long[] {2, 1}, 2);
        assertThat(w.clip(0)).containsExactly(0.1f, 0.2f);
        assertThat(w.clip(1)).containsExactly(0.3f);
    }

    @Test
    void shouldRefuseAnOutputOfAnotherTypeOrRank() {
        assertThatThrownBy(() -> Waveforms.of(new double[][] {{0.1}}, new long[] {1}, 1))
                .isInstanceOf(Waveforms.BadOutputException.class).hasMessageContaining("double[][]");
        assertThatThrownBy(() -> Waveforms.of(new float[] {0.1f}, new long[] {1}, 1))
                .isInstanceOf(Waveforms.BadOutputException.class);
    }

    @Test
    void shouldRefuseAnotherNumberOfRowsOrALengthBeyondTheRow() {
        assertThatThrownBy(() -> Waveforms.of(new float[][] {{0.1f}}, new long[] {1}, 2))
                .isInstanceOf(Waveforms.BadOutputException.class).hasMessageContaining("for 2 requests");
        assertThatThrownBy(() -> Waveforms.of(new float[][] {{0.1f}}, new long[] {5}, 1))
                .isInstanceOf(Waveforms.BadOutputException.class).hasMessageContaining("length of 5");
        assertThatThrownBy(() -> Waveforms.of(new float[][] {{0.1f}}, new long[] {-1}, 1))
                .isInstanceOf(Waveforms.BadOutputException.class);
    }

    @Test
    void shouldGiveNoClipForARowWithANonFiniteSampleAndLeaveTheOthers() {
        Waveforms w = Waveforms.of(new float[][] {{0.1f, Float.NaN}, {0.2f, 0.3f}, {Float.POSITIVE_INFINITY, 0f}},
                new long[] {2, 2, 1}, 3);
        assertThat(w.clip(0)).isNull();
        assertThat(w.clip(1)).containsExactly(0.2f, 0.3f);
        assertThat(w.clip(2)).isNull();
    }
}
