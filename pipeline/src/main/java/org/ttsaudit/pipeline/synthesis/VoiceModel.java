package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * A synthesizer behind one call per batch: rows in, one waveform per row out. Each model format
 * (the card's {@code format} key) maps these rows onto its own tensors, so the handler runs any
 * format that implements this.
 */
interface VoiceModel extends AutoCloseable {
    /** The request's text as this model's tokens: each format has its own front end. */
    long[] tokens(TtsRequest request) throws RequestException;

    /** One waveform per row, in order; an output of the wrong shape is a {@link Waveforms.BadOutputException}. */
    Waveforms synthesize(List<SynthesisInput> rows) throws OrtException;

    ModelCard card();

    /** The device label of the session ("cpu", "cuda"). */
    String device();

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
    void close() throws OrtException;
}
