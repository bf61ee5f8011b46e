-- What goes wrong: requests per error code over a period (parameters: from, to), most frequent first.
SELECT error_code, status, SUM(requests) AS requests
FROM tts_error_metrics
WHERE window_start >= ? AND window_start < ?
GROUP BY error_code, status
ORDER BY requests DESC, error_code;
