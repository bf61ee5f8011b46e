-- Records that came too late for their window, by status and mode, over a period of event time (parameters: from, to).
SELECT status, mode, COUNT(*) AS records
FROM tts_late_records
WHERE event_time >= ? AND event_time < ?
GROUP BY status, mode
ORDER BY records DESC, status, mode;
