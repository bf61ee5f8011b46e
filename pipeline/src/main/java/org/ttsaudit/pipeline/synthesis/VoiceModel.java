package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.ttsaudit.inference.onnx.ModelCard;

/**
 * A synthesizer behind one call per batch: rows in, one waveform per row out. Each model format
 * (the card's {@code format} key) maps these rows onto its own tensors, so the handler runs any
 * format that implements this.
 */
interface VoiceModel extends AutoCloseable {
    /** The format a card names when it has no {@code format} key. */
    String DEFAULT_FORMAT = "tts-audit";

    /** One waveform per row, in order; an output of the wrong shape is a {@link Waveforms.BadOutputException}. */
    Waveforms synthesize(List<SynthesisInput> rows) throws OrtException;

    ModelCard card();

    /** The device label of the session ("cpu", "cuda"). */
    String device();

    /** Audio length of one token at scale 1: the basis of natural lengths and duration targets. */
    double msPerToken();

    /** The model's format as recorded on every result. */
    default String format() {
        return formatOf(card());
    }

    /** The card's {@code format}, or {@value #DEFAULT_FORMAT} when it names none. */
    static String formatOf(ModelCard card) {
        return card.raw().path("format").asText(DEFAULT_FORMAT);
    }

    @Override
    void close() throws OrtException;
}
