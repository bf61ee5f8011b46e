-- Requests per outcome in the raw log over a period of event time (parameters: from, to), through the analysts' view.
SELECT status, COUNT(*) AS requests
FROM tts_generation_log_analyst
WHERE event_time >= ? AND event_time < ?
GROUP BY status
ORDER BY status;
