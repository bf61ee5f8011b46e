package org.ttsaudit.pipeline.synthesis;

import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * A request ready for the model: its place in the batch, what the model is given, the voice it was conditioned on (whose
 * quality figures the result reports) and the duration it was asked for, if any.
 */
record PreparedRequest(int index, TtsRequest request, SynthesisInput input, SpeakerCache.Voice voice, Integer requestedMs) {}
