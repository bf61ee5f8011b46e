-- Which emotions are popular: requests and mean intensity per dominant emotion over a period (parameters: from, to).
SELECT emotion,
       SUM(requests) AS requests,
       SUM(mean_intensity * requests) / SUM(requests) AS mean_intensity
FROM tts_emotion_metrics
WHERE window_start >= ? AND window_start < ?
GROUP BY emotion
ORDER BY requests DESC;
