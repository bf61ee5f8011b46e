package org.ttsaudit.pipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/** One-minute windows; rows arrive as the window operators emit them, then the watermark. */
class TrafficTotalsTest {
    private static final long MINUTE = 60_000;

    @Test
    void shouldTotalTheModesOfAWindowAndEmitZeroForWindowsWithoutRows() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "free", 7), MINUTE - 1);
            harness.processElement(row(0, "controlled", 3), MINUTE - 1);
            harness.processWatermark(MINUTE - 1);
            harness.processWatermark(2 * MINUTE - 1); // the idle clock moves on, no rows
            harness.processWatermark(3 * MINUTE - 1);
            assertThat(totals(harness)).containsExactly("0-1:10", "1-2:0", "2-3:0");
        }
    }

    @Test
    void shouldWaitForTheWatermarkBeforeTotallingAWindowThatAnotherSubtaskStillHolds() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "free", 1), MINUTE - 1);
            harness.processElement(row(1, "free", 4), 2 * MINUTE - 1); // one window subtask is ahead
            harness.processElement(row(0, "controlled", 2), MINUTE - 1);
            harness.processWatermark(2 * MINUTE - 1);
            assertThat(totals(harness)).containsExactly("0-1:3", "1-2:4");
        }
    }

    @Test
    void shouldSpanAJumpOverManyEmptyWindowsWithOneRowAndIgnoreReFiredWindows() throws Exception {
        try (var harness = harness()) {
            harness.processElement(row(0, "free", 5), MINUTE - 1);
            harness.processWatermark(MINUTE - 1);
            harness.processElement(row(0, "free", 6), MINUTE - 1); // re-fired by a late record
            harness.processElement(row(1440, "free", 2), 1441 * MINUTE - 1); // a day later
            harness.processWatermark(1441 * MINUTE - 1);
            assertThat(totals(harness)).containsExactly("0-1:5", "1-1440:0", "1440-1441:2");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FailureWindowRow, FailureWindowRow> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TrafficTotals(MINUTE)),
                (FailureWindowRow row) -> TrafficTotals.ALL, Types.STRING);
        harness.open();
        return harness;
    }

    private static FailureWindowRow row(int minute, String mode, long requests) {
        FailureWindowRow row = new FailureWindowRow();
        row.windowStart = minute * MINUTE;
        row.windowEnd = (minute + 1) * MINUTE;
        row.mode = mode;
        row.requests = requests;
        return row;
    }

    /** "startMinute-endMinute:requests" per total row, all in dimension "all". */
    private static List<String> totals(KeyedOneInputStreamOperatorTestHarness<String, FailureWindowRow, FailureWindowRow> h) {
        List<FailureWindowRow> rows = h.extractOutputValues();
        assertThat(rows).extracting(r -> r.mode).containsOnly(TrafficTotals.ALL);
        return rows.stream().map(r -> r.windowStart / MINUTE + "-" + r.windowEnd / MINUTE + ":" + r.requests).toList();
    }
}
