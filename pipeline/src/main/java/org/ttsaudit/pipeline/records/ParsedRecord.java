package org.ttsaudit.pipeline.records;

/**
 * A record after parsing: a valid request, or a rejection with the fields that did parse. Both
 * kinds travel in one stream, so that records sharing a request id reach the check for repeated
 * ids in the order they were sent; the raw bytes come along for the dead-letter topic.
 */
public class ParsedRecord {
    public byte[] raw;
    /** The request; on a rejection, the fields parsed before the broken rule. */
    public TtsRequest request;
    /** Null for a valid request. */
    public String errorCode;
    public String message;

    public ParsedRecord() {}

    public static ParsedRecord valid(byte[] raw, TtsRequest request) {
        return of(raw, request, null, null);
    }

    public static ParsedRecord rejected(byte[] raw, TtsRequest partial, String errorCode, String message) {
        return of(raw, partial, errorCode, message);
    }

    private static ParsedRecord of(byte[] raw, TtsRequest partial, String errorCode, String message) {
        ParsedRecord r = new ParsedRecord();
        r.raw = raw;
        r.request = partial;
        r.errorCode = errorCode;
        r.message = message;
        return r;
    }

    public boolean isValid() {
        return errorCode == null;
    }

    public String requestId() {
        return request.requestId;
    }

    /** This record refused with {@code errorCode}: for the dead-letter topic and the log. */
    public Rejection rejection(String errorCode, String message) {
        return new Rejection(raw, errorCode, message, request);
    }
}
