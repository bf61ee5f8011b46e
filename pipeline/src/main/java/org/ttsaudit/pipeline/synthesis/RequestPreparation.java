package org.ttsaudit.pipeline.synthesis;

import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Emotions;

/**
 * Conditions an admitted request for the model: its tokens (from the model's front end), its voice
 * (as its admission resolved it), its emotion vector and the duration scale that meets its target.
 */
final class RequestPreparation {
    /** Speech slowed or sped beyond this is no longer speech; the synthesizer's card allows 0.25..4. */
    private static final float MIN_SCALE = 0.25f;
    private static final float MAX_SCALE = 4f;

    private final VoiceModel model;
    private final ReferenceAdmission admission;
    private final double msPerToken;

    RequestPreparation(VoiceModel model, ReferenceAdmission admission) {
        this.model = model;
        this.admission = admission;
        this.msPerToken = model.msPerToken();
    }

    PreparedRequest prepare(int index, TtsRequest request) throws RequestException {
        long[] tokens = model.tokens(request);
        SpeakerCache.Voice voice = admission.voice(request);
        float[] emotion = Emotions.resolve(request.emotionVector, request.emotionDesc, request.emotionIntensity);
        double naturalMs = tokens.length * msPerToken;
        float scale = 1f;
        Integer requestedMs = null;
        if (request.controlled()) {
            scale = request.targetDurationMs != null
                    ? (float) (request.targetDurationMs / naturalMs)
                    : request.targetDurationRatio.floatValue();
            requestedMs = request.targetDurationMs != null
                    ? request.targetDurationMs : (int) Math.round(naturalMs * request.targetDurationRatio);
            if (scale < MIN_SCALE || scale > MAX_SCALE) {
                throw new RequestException(ErrorCode.BAD_DURATION_TARGET, "target_duration_ms " + requestedMs
                        + " is " + String.format("%.2f", scale) + " times the natural length of this text ("
                        + Math.round(naturalMs) + " ms); give a target within " + MIN_SCALE + ".." + MAX_SCALE + " times it");
            }
        }
        return new PreparedRequest(index, request, new SynthesisInput(tokens, voice.embedding(), emotion, scale), voice, requestedMs);
    }
}
