-- A user's last five requests, newest first (original design query 2); parameter: user_id.
SELECT request_id, text_input, emotion_desc, status, output_audio_url, created_at
FROM tts_generation_log
WHERE user_id = ?
ORDER BY created_at DESC
LIMIT 5;
