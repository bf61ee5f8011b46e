-- Least-privilege roles for the audit database. Not a migration: run it as an administrator, in the job's database, after every migration (mysql -u admin tts < sql/roles.sql); running it again is safe. Then give each account its role (README, "Security").
CREATE ROLE IF NOT EXISTS tts_writer_role;
CREATE ROLE IF NOT EXISTS tts_analyst_role;
CREATE ROLE IF NOT EXISTS tts_auditor_role;

-- The job: reads, inserts and updates its own tables (idempotent upserts); no DELETE, no DDL, no other table.
GRANT SELECT, INSERT, UPDATE ON tts_generation_log TO tts_writer_role;
GRANT SELECT, INSERT, UPDATE ON tts_failure_metrics TO tts_writer_role;
GRANT SELECT, INSERT, UPDATE ON tts_emotion_metrics TO tts_writer_role;
GRANT SELECT, INSERT, UPDATE ON tts_error_metrics TO tts_writer_role;
GRANT SELECT, INSERT, UPDATE ON tts_late_records TO tts_writer_role;
GRANT SELECT, INSERT, UPDATE ON tts_alerts TO tts_writer_role;

-- Analysts: the aggregate tables; the log through tts_generation_log_analyst, and the same columns of the log
-- itself, so the original queries run unchanged. Never ref_audio_url.
GRANT SELECT ON tts_failure_metrics TO tts_analyst_role;
GRANT SELECT ON tts_emotion_metrics TO tts_analyst_role;
GRANT SELECT ON tts_error_metrics TO tts_analyst_role;
GRANT SELECT ON tts_late_records TO tts_analyst_role;
GRANT SELECT ON tts_alerts TO tts_analyst_role;
GRANT SELECT ON tts_generation_log_analyst TO tts_analyst_role;
GRANT SELECT (log_id, request_id, user_id, text_input, pinyin_input, ref_audio_hash, emotion_desc, emotion_vector,
              target_duration_ratio, mode, status, error_message, output_audio_url, created_at, error_code, event_time,
              emotion_intensity, target_duration_ms, queue_ms, inference_ms, total_ms, real_time_factor,
              requested_duration_ms, achieved_duration_ms, device, model_version, batch_size, ref_audio_duration_ms,
              ref_audio_rms_dbfs, ref_audio_snr_db, mask_counts, source_topic, source_partition, source_offset,
              risk_flags, explicit_label, segments, model_format, conditioning_ignored)
    ON tts_generation_log TO tts_analyst_role;

-- Auditors: the whole log, encrypted ref_audio_url included (./tts decrypt-ref also needs the key).
GRANT SELECT ON tts_generation_log TO tts_auditor_role;

-- The access log (V7) is append-only: no role may UPDATE or DELETE it (only an administrator's ./tts retention
-- deletes, after retention.aggregates). Auditors add the row of each read they make (./tts decrypt-ref writes it
-- before it prints anything), but not accessed_at, which is the server's clock; they and analysts read the trail.
-- The writer has nothing on it.
GRANT SELECT, INSERT (db_user, db_login, os_user, os_host, action, request_id, reason) ON tts_access_log TO tts_auditor_role;
GRANT SELECT ON tts_access_log TO tts_analyst_role;
