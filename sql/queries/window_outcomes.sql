-- Outcomes and latency of every window and mode over a period (parameters: from, to), oldest first: the time series of ./tts report.
SELECT window_start, window_end, mode, requests, successes, failures, rejections, failure_rate,
       latency_p50_ms, latency_p95_ms, latency_p99_ms
FROM tts_failure_metrics
WHERE window_start >= ? AND window_start < ?
ORDER BY window_start, mode;
