package org.ttsaudit.pipeline.records;

/** One row of {@code tts_emotion_metrics}: requests whose dominant emotion is {@code emotion}, per window. */
public class EmotionWindowRow {
    public long windowStart;
    public long windowEnd;
    public String emotion;
    public long requests;
    public Double meanIntensity;
    /** JSON array of the 8 mean weights. */
    public String meanVector;
    public long updatedAt;

    public EmotionWindowRow() {}
}
