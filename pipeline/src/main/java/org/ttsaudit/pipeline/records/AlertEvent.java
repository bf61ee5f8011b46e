package org.ttsaudit.pipeline.records;

/** A change of one alert episode: it fired, repeated, or resolved. One row of {@code tts_alerts}. */
public class AlertEvent {
    public String alertId;
    public String rule;
    public String dimension;
    public String severity;
    public String state;
    public double observed;
    public Double baseline;
    public double threshold;
    public long windowStart;
    public long windowEnd;
    public long firedAt;
    public Long resolvedAt;
    public int notifications;
    public String message;
    public long updatedAt;

    public AlertEvent() {}
}
