-- Whether quality is dropping this week: daily failure rate and worst window p95 latency per mode, from the aggregates.
SELECT DATE(window_start) AS day,
       mode,
       SUM(requests) AS requests,
       SUM(failures) / SUM(requests) AS failure_rate,
       MAX(latency_p95_ms) AS worst_window_p95_ms,
       AVG(mean_real_time_factor) AS mean_real_time_factor
FROM tts_failure_metrics
WHERE window_start >= CURRENT_DATE - INTERVAL 7 DAY
GROUP BY DATE(window_start), mode
ORDER BY day, mode;
