package org.ttsaudit.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;
import org.ttsaudit.pipeline.records.ErrorWindowRow;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/**
 * The windows on a bounded stream. The watermark follows every record, so which record is on
 * time, late or too late is decided by the order below, not by timing: one-minute windows, 5 s
 * out-of-orderness, 30 s allowed lateness.
 */
class MetricsWorkflowTest {
    private static final long S = 1000;
    private static final MetricsSettings SETTINGS =
            new MetricsSettings(Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1));
    private static final String HAPPY = "[0.8,0.0,0.0,0.0,0.0,0.0,0.0,0.0]";
    private static final String HAPPY_SOFT = "[0.4,0.0,0.0,0.0,0.0,0.0,0.0,0.0]";

    private static final List<FailureWindowRow> failures = new ArrayList<>();
    private static final List<EmotionWindowRow> emotions = new ArrayList<>();
    private static final List<ErrorWindowRow> errors = new ArrayList<>();
    private static final List<AuditRecord> late = new ArrayList<>();

    @BeforeAll
    static void runTheWindows() throws Exception {
        List<AuditRecord> input = List.of(
                record("r1", 10, "free", "success", null, 100L, HAPPY, 1.0f),
                flagged(record("r2", 20, "free", "failed", "INFERENCE_TIMEOUT", null, null, null)),
                record("r3", 5, "free", "rejected", "MISSING_FIELD", null, null, null),      // out of order, on time
                record("r4", 70, "controlled", "success", null, 300L, "[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]", 1.0f),
                flagged(record("r5", 30, "free", "success", null, 200L, HAPPY_SOFT, 0.5f)), // late, within lateness
                record("r6", 130, "free", "success", null, 50L, HAPPY, 1.0f),
                flagged(record("r7", 40, "free", "failed", "INFERENCE_ERROR", null, null, null))); // beyond lateness
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        MetricsWorkflow.Outputs out = MetricsWorkflow.define(env.fromData(input), SETTINGS);
        try (CloseableIterator<FailureWindowRow> f = out.failures().collectAsync();
             CloseableIterator<EmotionWindowRow> e = out.emotions().collectAsync();
             CloseableIterator<ErrorWindowRow> x = out.errors().collectAsync();
             CloseableIterator<AuditRecord> l = out.late().collectAsync()) {
            env.execute("metrics-test");
            f.forEachRemaining(failures::add);
            e.forEachRemaining(emotions::add);
            x.forEachRemaining(errors::add);
            l.forEachRemaining(late::add);
        }
    }

    @Test
    void countsOutcomesPerModeAndWindowIncludingOutOfOrderAndLateRecords() {
        Map<String, FailureWindowRow> last = lastByKey(failures, r -> r.windowStart + "/" + r.mode);
        FailureWindowRow first = last.get("0/free");
        assertThat(first.windowEnd).isEqualTo(60 * S);
        assertThat(List.of(first.requests, first.successes, first.failures, first.rejections)).containsExactly(4L, 2L, 1L, 1L);
        assertThat(first.failureRate).isEqualTo(0.25);
        assertThat(first.riskFlagged).as("r2 and the late r5; not r7, beyond the lateness").isEqualTo(2);
        assertThat(last.get("120000/free").riskFlagged).isZero();
        assertThat(List.of(first.latencyP50Ms, first.latencyP95Ms, first.latencyP99Ms)).containsExactly(100L, 200L, 200L);
        assertThat(last.get("60000/controlled").requests).isEqualTo(1);
        assertThat(last.get("60000/controlled").latencyP50Ms).isEqualTo(300);
        assertThat(last.get("120000/free").requests).isEqualTo(1);
        assertThat(last).hasSize(3);
    }

    @Test
    void reFiresAWindowForALateRecordSoItsRowIsReplaced() {
        assertThat(failures).filteredOn(r -> r.windowStart == 0).extracting(r -> r.requests).containsExactly(3L, 4L);
    }

    @Test
    void sendsRecordsBeyondTheAllowedLatenessToTheSideOutput() {
        assertThat(late).extracting(r -> r.requestId).containsExactly("r7");
    }

    @Test
    void averagesIntensityAndVectorPerDominantEmotion() {
        Map<String, EmotionWindowRow> last = lastByKey(emotions, r -> r.windowStart + "/" + r.emotion);
        EmotionWindowRow happy = last.get("0/happy");
        assertThat(happy.requests).isEqualTo(2);
        assertThat(happy.meanIntensity).isEqualTo(0.75);
        assertThat(happy.meanVector).isEqualTo("[0.6,0.0,0.0,0.0,0.0,0.0,0.0,0.0]");
        assertThat(last.get("60000/neutral").requests).isEqualTo(1);
    }

    @Test
    void countsErrorCodesWithTheirStatus() {
        Map<String, ErrorWindowRow> last = lastByKey(errors, r -> r.windowStart + "/" + r.errorCode);
        assertThat(last.keySet()).containsExactlyInAnyOrder("0/INFERENCE_TIMEOUT", "0/MISSING_FIELD");
        assertThat(last.get("0/INFERENCE_TIMEOUT").status).isEqualTo("failed");
        assertThat(last.get("0/MISSING_FIELD").requests).isEqualTo(1);
    }

    private static <T> Map<String, T> lastByKey(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, T> last = new HashMap<>();
        rows.forEach(r -> last.put(key.apply(r), r));
        return last;
    }

    private static AuditRecord flagged(AuditRecord record) {
        record.riskFlags = "{\"fraud\":[\"fraud-safe-account\"]}";
        return record;
    }

    private static AuditRecord record(String id, long second, String mode, String status, String code, Long totalMs,
                                      String vector, Float intensity) {
        AuditRecord a = new AuditRecord();
        a.requestId = id;
        a.eventTime = second * S;
        a.mode = mode;
        a.status = status;
        a.errorCode = code;
        a.totalMs = totalMs;
        a.emotionVector = vector;
        a.emotionIntensity = intensity;
        a.achievedDurationMs = totalMs == null ? null : 1000;
        return a;
    }
}
