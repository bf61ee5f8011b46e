-- ref_audio_url encrypted at rest, its keyed hash for grouping by voice, and the analysts' view of the log without it.
ALTER TABLE tts_generation_log
    MODIFY COLUMN ref_audio_url VARCHAR(3072) NULL
        COMMENT 'AES-256-GCM token v1:<key id>:<base64(iv|ciphertext|tag)>; ./tts decrypt-ref reads it back',
    ADD COLUMN ref_audio_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL
        COMMENT 'HMAC-SHA256 (hex) of the normalized reference URL: equal for the same voice clip' AFTER ref_audio_url,
    ADD KEY idx_ref_audio_hash (ref_audio_hash);

-- Every column of the log except the encrypted reference URL; analysts read this (sql/roles.sql).
CREATE VIEW tts_generation_log_analyst AS
SELECT log_id, request_id, user_id, text_input, pinyin_input, ref_audio_hash, emotion_desc, emotion_vector,
       target_duration_ratio, mode, status, error_message, output_audio_url, created_at, error_code, event_time,
       emotion_intensity, target_duration_ms, queue_ms, inference_ms, total_ms, real_time_factor,
       requested_duration_ms, achieved_duration_ms, device, model_version, batch_size, ref_audio_duration_ms,
       ref_audio_rms_dbfs, ref_audio_snr_db, mask_counts, source_topic, source_partition, source_offset
FROM tts_generation_log;
