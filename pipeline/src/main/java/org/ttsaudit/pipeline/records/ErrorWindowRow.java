package org.ttsaudit.pipeline.records;

/** One row of {@code tts_error_metrics}: requests that ended with one error code, per window. */
public class ErrorWindowRow {
    public long windowStart;
    public long windowEnd;
    public String errorCode;
    public String status;
    public long requests;
    public long updatedAt;

    public ErrorWindowRow() {}
}
