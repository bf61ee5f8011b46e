package org.ttsaudit.pipeline.sinks;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.ttsaudit.pipeline.records.AuditRecord;

/** {@code tts_generation_log}: columns in the order {@link #row} fills them. Times are stored in UTC. */
public final class AuditLogTable {
    public static final String TABLE = "tts_generation_log";
    public static final List<String> COLUMNS = List.of(
            "request_id", "user_id", "text_input", "pinyin_input", "ref_audio_url", "ref_audio_hash", "emotion_desc", "emotion_vector",
            "emotion_intensity", "target_duration_ratio", "target_duration_ms", "mode", "status", "error_code",
            "error_message", "output_audio_url", "event_time", "created_at", "queue_ms", "inference_ms", "total_ms",
            "real_time_factor", "requested_duration_ms", "achieved_duration_ms", "device", "model_version", "batch_size",
            "ref_audio_duration_ms", "ref_audio_rms_dbfs", "ref_audio_snr_db", "mask_counts", "source_topic", "source_partition",
            "source_offset", "risk_flags", "explicit_label", "segments", "model_format", "conditioning_ignored");

    private AuditLogTable() {}

    /**
     * A replay keeps the row's first creation time, so "when" does not move on a restart; and a
     * success stays one: a replay that ends otherwise (its reference server is down by now) does
     * not turn a delivered clip into a failure. A replay that succeeds again replaces the row (its
     * clip was written again), and a failed or rejected row is replaced by whatever the replay got.
     */
    public static UpsertStatement<AuditRecord> upsert() {
        return new UpsertStatement<>(TABLE, COLUMNS, List.of("request_id", "created_at"), AuditLogTable::row)
                .keepingRowsWhere("status", "success");
    }

    static Object[] row(AuditRecord a) {
        return new Object[] {
            a.requestId, a.userId, a.textInput, a.pinyinInput, a.refAudioUrl, a.refAudioHash, a.emotionDesc, a.emotionVector,
            a.emotionIntensity, a.targetDurationRatio, a.targetDurationMs, a.mode, a.status, a.errorCode,
            a.errorMessage, a.outputAudioUrl, utc(a.eventTime), utc(a.createdAt), a.queueMs, a.inferenceMs, a.totalMs,
            a.realTimeFactor, a.requestedDurationMs, a.achievedDurationMs, a.device, a.modelVersion, a.batchSize,
            a.refAudioDurationMs, a.refAudioRmsDbfs, a.refAudioSnrDb, a.maskCounts, a.sourceTopic, a.sourcePartition, a.sourceOffset,
            a.riskFlags, a.explicitLabel, a.segments, a.modelFormat, a.conditioningIgnored
        };
    }

    public static LocalDateTime utc(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
