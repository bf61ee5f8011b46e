-- Requests whose (masked) text contains a keyword (original design query 3); parameter: the keyword.
SELECT request_id, user_id, text_input, status, created_at
FROM tts_generation_log
WHERE text_input LIKE CONCAT('%', ?, '%')
ORDER BY created_at DESC;
