-- The ten most used emotion descriptions (original design query 4).
SELECT emotion_desc, COUNT(*) AS uses
FROM tts_generation_log
WHERE emotion_desc IS NOT NULL AND emotion_desc <> ''
GROUP BY emotion_desc
ORDER BY uses DESC
LIMIT 10;
