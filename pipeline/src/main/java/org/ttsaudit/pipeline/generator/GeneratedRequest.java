package org.ttsaudit.pipeline.generator;

/**
 * One generated request and the outcome its construction implies: the generator knows it left out
 * the text or broke the JSON, so tests can check the job against what was sent.
 */
public record GeneratedRequest(String requestId, byte[] payload, String expectedStatus, String expectedErrorCode,
                               boolean expectDeadLetter) {
    /**
     * Whether the request has an audit row of its own: all but a repeat of a request id, whose row
     * is the first record's (the repeat is a dead letter only).
     */
    public boolean expectAuditRow() {
        return !"DUPLICATE_REQUEST_ID".equals(expectedErrorCode);
    }
}
