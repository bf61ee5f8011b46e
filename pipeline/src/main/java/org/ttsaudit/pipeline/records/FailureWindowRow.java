package org.ttsaudit.pipeline.records;

/** One row of {@code tts_failure_metrics}: outcomes and latency of one mode in one event-time window. */
public class FailureWindowRow {
    public long windowStart;
    public long windowEnd;
    public String mode;
    public long requests;
    public long successes;
    public long failures;
    public long rejections;
    /** Requests with risk flags. */
    public long riskFlagged;
    public double failureRate;
    public Long latencyP50Ms;
    public Long latencyP95Ms;
    public Long latencyP99Ms;
    public Double meanRealTimeFactor;
    public double audioSeconds;
    public long updatedAt;

    public FailureWindowRow() {}
}
