package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Reading;

/**
 * A synthesizer behind one call per batch: rows in, one waveform per row out. Each model format
 * (the card's {@code format} key) maps these rows onto its own tensors, so the handler runs any
 * format that implements this.
 */
interface VoiceModel extends AutoCloseable {
    /** The request's text as this model's tokens, with its pauses' boundaries: each format has its own front end. */
    Reading read(TtsRequest request) throws RequestException;

    /**
     * Whether a long text may be cut into segments at its pauses (inference.max-segment-tokens);
     * a format whose tokens carry no pauses, or whose rows need their own start and end marks, is
     * spoken whole.
     */
    default boolean segmentable() {
        return true;
    }

    /** One waveform per row, in order; an output of the wrong shape is a {@link Waveforms.BadOutputException}. */
    Waveforms synthesize(List<SynthesisInput> rows) throws OrtException;

    /** The session this model runs in. */
    OnnxModel onnx();

    default ModelCard card() {
        return onnx().card();
    }

    /** The device label of the session ("cpu", "cuda"). */
    default String device() {
        return onnx().device().label();
    }

    /** Audio length of one token at scale 1: the basis of natural lengths and duration targets. */
    double msPerToken();

    /** The most rows one call may take; a model whose rows cannot be told apart in a batch takes one. */
    default int maxRowsPerCall() {
        return Integer.MAX_VALUE;
    }

    /**
     * The request's inputs this model did not apply, comma-separated (e.g. {@code ref_audio_timbre,emotion}),
     * for the audit row; null when it applied them all.
     */
    default String conditioningIgnored(TtsRequest request) {
        return null;
    }

    /** The model's format as recorded on every result. */
    default String format() {
        return card().format();
    }

    @Override
    default void close() throws OrtException {
        onnx().close();
    }
}
