-- Alert history since a given time (parameter: since): every episode with how long it lasted.
SELECT alert_id, rule, dimension, severity, state, observed, threshold, fired_at, resolved_at,
       TIMESTAMPDIFF(SECOND, fired_at, COALESCE(resolved_at, UTC_TIMESTAMP(6))) AS duration_seconds,
       notifications, message
FROM tts_alerts
WHERE fired_at >= ?
ORDER BY fired_at DESC;
