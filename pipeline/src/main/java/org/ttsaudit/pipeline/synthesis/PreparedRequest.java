package org.ttsaudit.pipeline.synthesis;

import java.util.List;
import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * A request ready for the model: its text segments as model rows, the silence that goes between
 * them in the clip, the voice it was conditioned on (whose quality figures the result reports) and
 * the duration it was asked for, if any.
 */
record PreparedRequest(TtsRequest request, List<SynthesisInput> segments, int pauseSamples, SpeakerCache.Voice voice,
                       Integer requestedMs) {

    float[] emotion() {
        return segments.get(0).emotion();
    }
}
