-- Reference clips that hurt quality since a given time (parameter: since): rejected clips by reason, and accepted but noisy ones.
SELECT error_code AS problem, COUNT(*) AS requests, COUNT(DISTINCT user_id) AS users
FROM tts_generation_log
WHERE created_at >= ? AND error_code LIKE 'REF_AUDIO%'
GROUP BY error_code
UNION ALL
SELECT 'LOW_SNR_UNDER_15_DB', COUNT(*), COUNT(DISTINCT user_id)
FROM tts_generation_log
WHERE created_at >= ? AND status = 'success' AND ref_audio_snr_db < 15
ORDER BY requests DESC;
