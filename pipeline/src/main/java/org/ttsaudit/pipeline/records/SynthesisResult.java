package org.ttsaudit.pipeline.records;

/** The outcome of one request, before masking. Unset figures stay null. */
public class SynthesisResult {
    public TtsRequest request;
    public String status;
    public String errorCode;
    public String errorMessage;
    public String outputAudioUrl;
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
    /** The emotion vector the model was given, after description mapping and intensity. */
    public float[] emotionVectorUsed;
    /** The audible AI cue put into the clip: none, start or end; null when no clip was made. */
    public String explicitLabel;
    /** Text segments the request was synthesized in; null when it never reached the model. */
    public Integer segments;
    /** The synthesizer card's format (tts-audit, piper). */
    public String modelFormat;
    /** Request inputs the model could not apply (e.g. ref_audio_timbre, emotion), comma-separated; null when none. */
    public String conditioningIgnored;
    public long finishedAt;

    public SynthesisResult() {}

    public static SynthesisResult of(TtsRequest request, String status, String errorCode, String errorMessage) {
        SynthesisResult result = new SynthesisResult();
        result.request = request;
        result.status = status;
        result.errorCode = errorCode;
        result.errorMessage = errorMessage;
        result.finishedAt = System.currentTimeMillis();
        result.totalMs = request.ingestTime > 0 ? result.finishedAt - request.ingestTime : null;
        return result;
    }

    public static SynthesisResult rejected(Rejection rejection) {
        return of(rejection.partial, Status.REJECTED, rejection.errorCode, rejection.message);
    }
}
