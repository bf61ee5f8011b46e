package org.ttsaudit.pipeline.ingest;

/**
 * Stable error codes: clients and analysts match on these names, so a name is never reused for
 * another meaning. Each says which status it ends in.
 */
public enum ErrorCode {
    // Validation: status 'rejected', the raw record also goes to the dead-letter topic.
    REQUEST_TOO_LARGE,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    BAD_REQUEST_ID,
    BAD_USER_ID,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    TEXT_UNSPEAKABLE,
    UNKNOWN_PINYIN,
    PINYIN_MISMATCH,
    FIELD_TOO_LONG,
    BAD_REF_AUDIO_URL,
    REF_AUDIO_FORBIDDEN,
    BAD_EMOTION_VECTOR,
    BAD_EMOTION_INTENSITY,
    BAD_MODE,
    BAD_DURATION_TARGET,
    BAD_TIMESTAMP,
    /** The request broke the parser in a way no rule names; the raw record is kept for a look. */
    UNPROCESSABLE,
    /**
     * An earlier record used the same request_id (within request.dedupe-window): this one goes to
     * the dead-letter topic only, and the audit row stays the earlier record's.
     */
    DUPLICATE_REQUEST_ID,
    // Reference audio found unusable during synthesis: status 'rejected'.
    REF_AUDIO_NOT_FOUND,
    REF_AUDIO_INVALID,
    REF_AUDIO_TOO_LARGE,
    REF_AUDIO_TOO_SHORT,
    REF_AUDIO_SILENT,
    REF_AUDIO_CLIPPED,
    /** Speech too close to the noise in the clip's pauses (refaudio.min-snr-db). */
    REF_AUDIO_NOISY,
    // The system failed a valid request: status 'failed'.
    INFERENCE_TIMEOUT,
    INFERENCE_ERROR,
    /** The circuit breaker is open after repeated model failures; the request was not tried. */
    INFERENCE_UNAVAILABLE,
    /** The model returned output of the wrong type or shape, or samples that are not finite; nothing was stored. */
    INFERENCE_BAD_OUTPUT,
    STORAGE_ERROR,
    /** Load shedding: the request waited longer than request.max-age before synthesis and was not tried. */
    REQUEST_EXPIRED
}
