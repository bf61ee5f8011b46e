package org.ttsaudit.pipeline.metrics;

import static org.ttsaudit.pipeline.sinks.AuditLogTable.utc;

import java.util.List;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;
import org.ttsaudit.pipeline.records.ErrorWindowRow;
import org.ttsaudit.pipeline.records.FailureWindowRow;
import org.ttsaudit.pipeline.sinks.UpsertStatement;

/** The aggregate tables of sql/migrations/V3 (and V6's risk_flagged), keyed by window start and dimension. */
public final class MetricsTables {
    private MetricsTables() {}

    public static UpsertStatement<FailureWindowRow> failures() {
        return new UpsertStatement<>("tts_failure_metrics", List.of("window_start", "mode", "window_end", "requests",
                "successes", "failures", "rejections", "failure_rate", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
                "mean_real_time_factor", "audio_seconds", "updated_at", "risk_flagged"), List.of("window_start", "mode"),
                r -> new Object[] {utc(r.windowStart), r.mode, utc(r.windowEnd), r.requests, r.successes, r.failures,
                    r.rejections, r.failureRate, r.latencyP50Ms, r.latencyP95Ms, r.latencyP99Ms, r.meanRealTimeFactor,
                    r.audioSeconds, utc(r.updatedAt), r.riskFlagged});
    }

    public static UpsertStatement<EmotionWindowRow> emotions() {
        return new UpsertStatement<>("tts_emotion_metrics", List.of("window_start", "emotion", "window_end", "requests",
                "mean_intensity", "mean_vector", "updated_at"), List.of("window_start", "emotion"),
                r -> new Object[] {utc(r.windowStart), r.emotion, utc(r.windowEnd), r.requests, r.meanIntensity,
                    r.meanVector, utc(r.updatedAt)});
    }

    public static UpsertStatement<ErrorWindowRow> errors() {
        return new UpsertStatement<>("tts_error_metrics", List.of("window_start", "error_code", "window_end", "status",
                "requests", "updated_at"), List.of("window_start", "error_code"),
                r -> new Object[] {utc(r.windowStart), r.errorCode, utc(r.windowEnd), r.status, r.requests, utc(r.updatedAt)});
    }

    /** Records too late for their window: one row each, so a replay does not count them twice. */
    public static UpsertStatement<AuditRecord> lateRecords() {
        return new UpsertStatement<>("tts_late_records", List.of("request_id", "event_time", "mode", "status", "arrived_at"),
                List.of("request_id", "arrived_at"),
                r -> new Object[] {r.requestId, utc(r.eventTime), r.mode, r.status, utc(System.currentTimeMillis())});
    }
}
