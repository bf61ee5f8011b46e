package org.ttsaudit.pipeline.ingest;

/**
 * A request-caused problem with its stable code and a message that says what to fix. Messages
 * never quote the request's text. No stack trace: it is an outcome, not a bug.
 */
public class RequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
