package org.ttsaudit.pipeline.synthesis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Emotions;
import org.ttsaudit.pipeline.text.Reading;

/**
 * Conditions an admitted request for the model: its tokens (the model's front end's, as the parser left them for our own format) cut into
 * segments, its voice (as its admission resolved it), its emotion vector, and one duration scale
 * for the whole request, pauses between segments included, that meets its target.
 */
final class RequestPreparation {
    /** Speech slowed or sped beyond this is no longer speech; the synthesizer's card allows 0.25..4. */
    private static final float MIN_SCALE = 0.25f;
    private static final float MAX_SCALE = 4f;

    private final VoiceModel model;
    private final ReferenceAdmission admission;
    private final TextSegmenter segmenter;
    private final double msPerToken;
    private final double pauseMs;
    private final double samplesPerMs;
    /** Readings made at admission, by request identity; weak, like the admitted voices. */
    private final Map<TtsRequest, Reading> read = Collections.synchronizedMap(new WeakHashMap<>());

    RequestPreparation(VoiceModel model, ReferenceAdmission admission, TextSegmenter segmenter, double pauseMs,
            int sampleRate) {
        this.model = model;
        this.admission = admission;
        this.segmenter = segmenter;
        this.msPerToken = model.msPerToken();
        this.pauseMs = pauseMs;
        this.samplesPerMs = sampleRate / 1000.0;
    }

    PreparedRequest prepare(TtsRequest request) throws RequestException {
        List<long[]> segments = segments(request);
        SpeakerCache.Voice voice = admission.voice(request);
        float[] emotion = Emotions.resolve(request.emotionVector, request.emotionDesc, request.emotionIntensity);
        double naturalMs = segments.stream().mapToInt(s -> s.length).sum() * msPerToken + (segments.size() - 1) * pauseMs;
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
        float s = scale;
        List<SynthesisInput> rows = segments.stream().map(t -> new SynthesisInput(t, voice.embedding(), emotion, s)).toList();
        return new PreparedRequest(request, rows, (int) Math.round(pauseMs * scale * samplesPerMs), voice, requestedMs);
    }

    /**
     * Reads the request's text ahead of its batch, on an admitting thread: a front end that runs per
     * request (espeak-ng for a Piper voice: 0.4 ms a request in the Piper bench's full run, beside a
     * call of 2.4 ms) then runs beside the model instead of before each of its calls. A text the
     * model cannot read refuses the request here; a front end that fails (the system's fault, not
     * the request's) leaves the reading to the batch, whose failure may be retried.
     */
    void readAhead(TtsRequest request) throws RequestException {
        try {
            read.put(request, model.read(request));
        } catch (RuntimeException e) {
            // read again in the batch, where it fails the batch
        }
    }

    /** The model's reading of the text, cut into segments where the model allows it. */
    private List<long[]> segments(TtsRequest request) throws RequestException {
        Reading ahead = read.get(request);
        Reading reading = ahead != null ? ahead : model.read(request);
        return model.segmentable() ? segmenter.split(reading.tokens(), reading.breaks()) : List.of(reading.tokens());
    }
}
