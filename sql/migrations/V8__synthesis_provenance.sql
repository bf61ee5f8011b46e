-- What the synthesis applied to each request: the audible AI label (labels.explicit), the number of text segments
-- the request was synthesized in, the format of the model that spoke it, and the request's inputs that model could
-- not honour (so a Piper voice that ignores the reference clip says so in the row instead of silently).
ALTER TABLE tts_generation_log
    ADD COLUMN explicit_label VARCHAR(8) NULL COMMENT 'the audible AI cue in the clip: none, start or end' AFTER risk_flags,
    ADD COLUMN segments SMALLINT NULL COMMENT 'text segments the request was synthesized in' AFTER explicit_label,
    ADD COLUMN model_format VARCHAR(16) NULL COMMENT 'the synthesizer card format: tts-audit or piper' AFTER segments,
    ADD COLUMN conditioning_ignored VARCHAR(128) NULL COMMENT 'request inputs the model could not apply, comma-separated, e.g. ref_audio_timbre,emotion; NULL when all applied' AFTER model_format;

-- The view of V6 with the new columns last, so the columns before them keep their places.
CREATE OR REPLACE VIEW tts_generation_log_analyst AS
SELECT log_id, request_id, user_id, text_input, pinyin_input, ref_audio_hash, emotion_desc, emotion_vector,
       target_duration_ratio, mode, status, error_message, output_audio_url, created_at, error_code, event_time,
       emotion_intensity, target_duration_ms, queue_ms, inference_ms, total_ms, real_time_factor,
       requested_duration_ms, achieved_duration_ms, device, model_version, batch_size, ref_audio_duration_ms,
       ref_audio_rms_dbfs, ref_audio_snr_db, mask_counts, source_topic, source_partition, source_offset, risk_flags,
       explicit_label, segments, model_format, conditioning_ignored
FROM tts_generation_log;
