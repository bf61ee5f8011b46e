-- Risk-flagged requests per day and category over the last 30 days, with how many users sent them.
SELECT DATE(l.created_at) AS day, c.category, COUNT(*) AS flagged_requests, COUNT(DISTINCT l.user_id) AS users
FROM tts_generation_log l,
     JSON_TABLE(JSON_KEYS(l.risk_flags), '$[*]' COLUMNS (category VARCHAR(32) PATH '$')) c
WHERE l.risk_flags IS NOT NULL AND l.created_at >= UTC_TIMESTAMP() - INTERVAL 30 DAY
GROUP BY day, c.category
ORDER BY day DESC, flagged_requests DESC;
