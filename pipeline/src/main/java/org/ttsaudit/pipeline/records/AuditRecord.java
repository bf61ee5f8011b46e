package org.ttsaudit.pipeline.records;

/**
 * One row of {@code tts_generation_log}. Every text field is masked and {@code refAudioUrl} is
 * encrypted: this is the only shape in which a request leaves the job.
 */
public class AuditRecord {
    public String requestId;
    public Long userId;
    public String textInput;
    public String pinyinInput;
    /** AES-256-GCM token {@code v1:<key id>:<base64>} of the reference URL (security.RefVault). */
    public String refAudioUrl;
    /** HMAC-SHA256 of the normalized reference URL, hex: groups requests by voice without decrypting. */
    public String refAudioHash;
    public String emotionDesc;
    /** JSON array of the 8 emotion weights actually used, or null. */
    public String emotionVector;
    public Float emotionIntensity;
    public Double targetDurationRatio;
    public Integer targetDurationMs;
    public String mode;
    public String status;
    public String errorCode;
    public String errorMessage;
    public String outputAudioUrl;
    public long eventTime;
    public long createdAt;
    public Long queueMs;
    public Long inferenceMs;
    public Long totalMs;
    public Double realTimeFactor;
    public Integer requestedDurationMs;
    public Integer achievedDurationMs;
    public String device;
    public String modelVersion;
    public Integer batchSize;
    public Integer refAudioDurationMs;
    public Double refAudioRmsDbfs;
    public Double refAudioSnrDb;
    /** JSON object: masked items per kind, e.g. {"mobile":1}. */
    public String maskCounts;
    /** JSON object: ids of the risk rules the raw text matched, by category; null when none did. */
    public String riskFlags;
    /** The audible AI cue in the clip (labels.explicit): none, start or end; null when no clip was made. */
    public String explicitLabel;
    /** Text segments the request was synthesized in; null when it never reached the model. */
    public Integer segments;
    /** The synthesizer card's format (tts-audit, piper). */
    public String modelFormat;
    /** Request inputs the model could not apply, comma-separated; null when it applied them all. */
    public String conditioningIgnored;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public AuditRecord() {}
}
