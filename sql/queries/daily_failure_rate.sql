-- Daily failure rate: requests, failures and the failed share per day (original design query 1).
SELECT DATE(created_at) AS day,
       COUNT(*) AS total,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) / COUNT(*) AS failure_rate
FROM tts_generation_log
GROUP BY DATE(created_at)
ORDER BY day DESC;
