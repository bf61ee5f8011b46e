package org.ttsaudit.pipeline.records;

/** The three outcomes of a request, as stored in {@code tts_generation_log.status}. */
public final class Status {
    public static final String SUCCESS = "success";
    /** The system could not serve a valid request (timeout, model or storage error). */
    public static final String FAILED = "failed";
    /** The request itself is at fault (validation, unusable reference audio). */
    public static final String REJECTED = "rejected";

    private Status() {}
}
