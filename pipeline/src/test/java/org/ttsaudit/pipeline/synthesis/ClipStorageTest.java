package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipStorageTest {
    @Test
    void storingLeavesTheModelItsCoresAndKeepsOneThread() {
        assertThat(ClipStorage.storingThreads(2, 1)).isEqualTo(1);
        assertThat(ClipStorage.storingThreads(8, 1)).isEqualTo(7);
        assertThat(ClipStorage.storingThreads(8, 4)).isEqualTo(4);
        assertThat(ClipStorage.storingThreads(2, 0)).as("0: ONNX Runtime's default, counted as one").isEqualTo(1);
        assertThat(ClipStorage.storingThreads(1, 1)).isEqualTo(1);
        assertThat(ClipStorage.storingThreads(2, 4)).isEqualTo(1);
    }
}
