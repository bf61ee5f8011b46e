package org.ttsaudit.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.AuditRecord;

/** The watermark on a controlled processing clock: 5 s out-of-orderness, 30 s idle timeout. */
class EventTimeAssignerTest {
    private static final long OUT_OF_ORDERNESS = 5_000;
    private static final long IDLE = 30_000;
    private static final long DAY = 86_400_000L;

    @Test
    void shouldMoveTheWatermarkWithTheClockFromTheNewestEventOnceTrafficStops() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(record(DAY));
            harness.setProcessingTime(IDLE - 1);
            assertThat(watermarks(harness)).as("silent for less than the idle timeout").containsExactly(DAY - OUT_OF_ORDERNESS - 1);

            harness.setProcessingTime(IDLE + 7_000);
            assertThat(watermarks(harness)).as("newest event plus the silence, less the bound")
                    .endsWith(DAY + IDLE + 7_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void shouldNotCutOffAReplayOfOldDataThatArrivesWithoutPauses() throws Exception {
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < 100; i++) {
                harness.processElement(record(DAY + i * 1_000L));
                harness.setProcessingTime(i * 500L); // far behind the wall clock, but never silent
            }
            assertThat(watermarks(harness)).last().isEqualTo(DAY + 99_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void shouldResumeFromTheWatermarkTheClockReachedBeforeARestart() throws Exception {
        OperatorSubtaskState snapshot;
        long reached;
        try (var harness = harness()) {
            harness.open();
            harness.processElement(record(DAY));
            harness.setProcessingTime(IDLE + 60_000);
            reached = watermarks(harness).get(watermarks(harness).size() - 1);
            snapshot = harness.snapshot(1, IDLE + 60_000);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(watermarks(restored)).as("a window the clock closed stays closed").containsExactly(reached);
        }
    }

    @Test
    void shouldDeclareASubtaskThatNeverSawARecordIdle() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.setProcessingTime(IDLE);
            assertThat(harness.getOutput()).containsExactly(WatermarkStatus.IDLE);
        }
    }

    private static OneInputStreamOperatorTestHarness<AuditRecord, AuditRecord> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new EventTimeAssigner(OUT_OF_ORDERNESS, IDLE));
    }

    private static StreamRecord<AuditRecord> record(long eventTime) {
        AuditRecord r = new AuditRecord();
        r.eventTime = eventTime;
        return new StreamRecord<>(r);
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<AuditRecord, AuditRecord> harness) {
        return harness.getOutput().stream().filter(Watermark.class::isInstance).map(o -> ((Watermark) o).getTimestamp()).toList();
    }
}
