-- Risk flags: the risk rules a request's raw text matched (ids by category, never the text), flagged requests per window, and the analyst view with them.
ALTER TABLE tts_generation_log
    ADD COLUMN risk_flags JSON NULL COMMENT 'risk rule ids by category, e.g. {"fraud":["fraud-safe-account"]}; NULL when none matched' AFTER mask_counts;

ALTER TABLE tts_failure_metrics
    ADD COLUMN risk_flagged BIGINT NOT NULL DEFAULT 0 COMMENT 'requests with risk flags' AFTER rejections;

-- The view of V4 with risk_flags added last, so the columns before it keep their places.
CREATE OR REPLACE VIEW tts_generation_log_analyst AS
SELECT log_id, request_id, user_id, text_input, pinyin_input, ref_audio_hash, emotion_desc, emotion_vector,
       target_duration_ratio, mode, status, error_message, output_audio_url, created_at, error_code, event_time,
       emotion_intensity, target_duration_ms, queue_ms, inference_ms, total_ms, real_time_factor,
       requested_duration_ms, achieved_duration_ms, device, model_version, batch_size, ref_audio_duration_ms,
       ref_audio_rms_dbfs, ref_audio_snr_db, mask_counts, source_topic, source_partition, source_offset, risk_flags
FROM tts_generation_log;

ALTER TABLE tts_alerts
    MODIFY COLUMN rule VARCHAR(32) NOT NULL COMMENT 'failure_rate, latency_p95 or risk_flagged';
