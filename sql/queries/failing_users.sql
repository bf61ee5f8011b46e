-- Users whose requests fail or are rejected most since a given time (parameter: since), with their share of bad outcomes.
SELECT user_id,
       COUNT(*) AS requests,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
       SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
       SUM(CASE WHEN status <> 'success' THEN 1 ELSE 0 END) / COUNT(*) AS bad_share
FROM tts_generation_log
WHERE created_at >= ? AND user_id IS NOT NULL
GROUP BY user_id
HAVING SUM(CASE WHEN status <> 'success' THEN 1 ELSE 0 END) > 0
ORDER BY bad_share DESC, requests DESC
LIMIT 20;
