package org.ttsaudit.pipeline.records;

/**
 * A synthesis request (DESIGN.md 3.1). After validation every field obeys the request rules; on a
 * rejection only the fields that parsed are set. Holds raw text: it must not pass the masking step.
 */
public class TtsRequest {
    public String requestId;
    public Long userId;
    public String text;
    public String pinyin;
    public String refAudioUrl;
    public String emotionDesc;
    /** happy, angry, sad, afraid, disgusted, melancholic, surprised, calm; null when not given. */
    public float[] emotionVector;
    public Float emotionIntensity;
    public String mode;
    public Double targetDurationRatio;
    public Integer targetDurationMs;
    /**
     * The text's model tokens, as the parser read them while validating it, so that synthesis does
     * not tokenize it again; null on a request that did not come through the parser.
     */
    public long[] tokens;
    /** Event time, epoch milliseconds: {@code submitted_at} or the Kafka record timestamp. */
    public long eventTime;
    /** When the job parsed the request, epoch milliseconds; the start of its total latency. */
    public long ingestTime;
    /**
     * When the request entered the input topic (its Kafka record timestamp), epoch milliseconds; 0 when
     * unknown. A request's age for load shedding counts from here, not from the client's event time.
     */
    public long enqueuedAt;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public TtsRequest() {}

    public boolean controlled() {
        return "controlled".equals(mode);
    }
}
