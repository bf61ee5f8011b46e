-- Reference clips that hurt quality since a given time (parameter: since): rejected clips by reason (too short, noisy,
-- silent, clipped, ...), and accepted ones within 5 dB of refaudio.min-snr-db's default (20 dB): the users to nudge first.
SELECT error_code AS problem, COUNT(*) AS requests, COUNT(DISTINCT user_id) AS users
FROM tts_generation_log
WHERE created_at >= ? AND error_code LIKE 'REF_AUDIO%'
GROUP BY error_code
UNION ALL
SELECT 'ACCEPTED_SNR_UNDER_25_DB', COUNT(*), COUNT(DISTINCT user_id)
FROM tts_generation_log
WHERE created_at >= ? AND status = 'success' AND ref_audio_snr_db < 25
ORDER BY requests DESC, problem;
