package org.ttsaudit.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.ParsedRecord;
import org.ttsaudit.pipeline.records.Rejection;
import org.ttsaudit.pipeline.records.TtsRequest;

class FirstRecordPerRequestIdTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void shouldProcessTheFirstRecordOfAnIdAndDeadLetterEveryLaterOne() throws Exception {
        try (var harness = harness(WINDOW)) {
            harness.processElement(valid("a", 1), 0);
            harness.processElement(rejected("a", 2, "TEXT_EMPTY"), 0);
            harness.processElement(valid("a", 3), 0);
            harness.processElement(rejected("b", 4, "BAD_MODE"), 0);
            harness.processElement(valid("b", 5), 0);

            assertThat(harness.extractOutputValues()).extracting(r -> r.sourceOffset).containsExactly(1L);
            assertThat(sideOutput(harness, FirstRecordPerRequestId.REJECTED))
                    .extracting(r -> r.errorCode, r -> r.partial.sourceOffset).containsExactly(tuple("BAD_MODE", 4L));
            List<Rejection> repeated = sideOutput(harness, FirstRecordPerRequestId.REPEATED);
            assertThat(repeated).extracting(r -> r.partial.sourceOffset).containsExactly(2L, 3L, 5L);
            assertThat(repeated).allSatisfy(r -> {
                assertThat(r.errorCode).isEqualTo(ErrorCode.DUPLICATE_REQUEST_ID.name());
                assertThat(new String(r.raw, StandardCharsets.UTF_8)).as("its own bytes").isEqualTo("record " + r.partial.sourceOffset);
            });
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    /** A restart restores the ids with the source offsets: a replayed repeat is still a repeat. */
    @Test
    void shouldRememberIdsAcrossASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(WINDOW)) {
            harness.processElement(valid("a", 1), 0);
            snapshot = harness.snapshot(1, 0);
        }
        try (var restored = harness(WINDOW, snapshot)) {
            restored.processElement(valid("a", 2), 0);
            restored.processElement(valid("b", 3), 0);

            assertThat(restored.extractOutputValues()).extracting(r -> r.sourceOffset).containsExactly(3L);
            assertThat(sideOutput(restored, FirstRecordPerRequestId.REPEATED)).extracting(r -> r.partial.sourceOffset)
                    .containsExactly(2L);
        }
    }

    @Test
    void shouldForgetAnIdOnceTheWindowHasPassed() throws Exception {
        try (var harness = harness(WINDOW)) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(valid("a", 1), 0);
            harness.setStateTtlProcessingTime(WINDOW.toMillis() - 1);
            harness.processElement(valid("a", 2), 0);
            harness.setStateTtlProcessingTime(WINDOW.toMillis() + 1);
            harness.processElement(valid("a", 3), 0);

            assertThat(harness.extractOutputValues()).extracting(r -> r.sourceOffset).containsExactly(1L, 3L);
        }
    }

    @Test
    void shouldLetEveryRecordThroughWithAZeroWindow() throws Exception {
        try (var harness = harness(Duration.ZERO)) {
            harness.processElement(valid("a", 1), 0);
            harness.processElement(valid("a", 2), 0);

            assertThat(harness.extractOutputValues()).extracting(r -> r.sourceOffset).containsExactly(1L, 2L);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ParsedRecord, TtsRequest> harness(Duration window)
            throws Exception {
        return harness(window, null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ParsedRecord, TtsRequest> harness(Duration window,
            OperatorSubtaskState restore) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FirstRecordPerRequestId(window)), ParsedRecord::requestId, Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    private static <T> List<T> sideOutput(KeyedOneInputStreamOperatorTestHarness<String, ParsedRecord, TtsRequest> harness,
                                          OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static ParsedRecord valid(String id, long offset) {
        return ParsedRecord.valid(bytes(offset), request(id, offset));
    }

    private static ParsedRecord rejected(String id, long offset, String code) {
        return ParsedRecord.rejected(bytes(offset), request(id, offset), code, "broken");
    }

    private static byte[] bytes(long offset) {
        return ("record " + offset).getBytes(StandardCharsets.UTF_8);
    }

    private static TtsRequest request(String id, long offset) {
        TtsRequest r = new TtsRequest();
        r.requestId = id;
        r.sourceOffset = offset;
        return r;
    }
}
