package org.ttsaudit.pipeline.records;

/**
 * A request that failed validation: the raw bytes for the dead-letter topic, why, and the fields
 * that did parse for the audit log.
 */
public class Rejection {
    public byte[] raw;
    public String errorCode;
    public String message;
    public TtsRequest partial;

    public Rejection() {}

    public Rejection(byte[] raw, String errorCode, String message, TtsRequest partial) {
        this.raw = raw;
        this.errorCode = errorCode;
        this.message = message;
        this.partial = partial;
    }
}
