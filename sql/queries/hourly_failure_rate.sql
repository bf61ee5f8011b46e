-- Hourly outcomes and failure rate per mode, rolled up from the per-window aggregates (fast: no scan of the raw log).
SELECT DATE_FORMAT(window_start, '%Y-%m-%d %H:00') AS hour,
       mode,
       SUM(requests) AS requests,
       SUM(failures) AS failures,
       SUM(rejections) AS rejections,
       SUM(failures) / SUM(requests) AS failure_rate,
       ROUND(SUM(audio_seconds), 1) AS audio_seconds
FROM tts_failure_metrics
WHERE window_start >= ? AND window_start < ?
GROUP BY DATE_FORMAT(window_start, '%Y-%m-%d %H:00'), mode
ORDER BY hour, mode;
