package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.PiperFrontEnd;
import org.ttsaudit.pipeline.text.Reading;

/**
 * A Piper voice (VITS, exported by piper_train): phoneme ids from its espeak-ng front end, the
 * config's inference scales with the duration scale applied to {@code length_scale} (above 1 is
 * slower), its default speaker on a multi-speaker voice (Piper's speaker 0); a waveform back.
 *
 * <p>One row per call: Piper's export takes one {@code scales} for the whole batch and returns no
 * per-row length, so rows of one call could neither have their own durations nor be cut apart.
 * The voice has no input for a reference timbre or an emotion; requests that give them get a
 * {@code conditioning_ignored} entry on their audit row.
 */
final class PiperVoice implements VoiceModel {
    /**
     * Length of one phoneme id at length scale 1, for duration targets in ms and batching hints. A
     * VITS voice predicts its durations, so this is an estimate (40 ms: a phoneme and its pad in 80
     * ms); exact for the synthetic voice, approximate for a real one, whose audit row shows the
     * requested and the achieved duration.
     */
    static final double MS_PER_ID = 40;
    static final String IGNORED_TIMBRE = "ref_audio_timbre";
    static final String IGNORED_EMOTION = "emotion";

    private final OnnxModel model;
    private final PiperFrontEnd frontEnd;
    private final float noiseScale;
    private final float lengthScale;
    private final float noiseW;
    /** Piper passes a speaker id only to a voice with several speakers. */
    private final boolean multiSpeaker;

    PiperVoice(OnnxModel model, PiperFrontEnd frontEnd) {
        this.model = model;
        this.frontEnd = frontEnd;
        JsonNode inference = model.card().raw().get("inference");
        this.noiseScale = (float) inference.get("noise_scale").asDouble();
        this.lengthScale = (float) inference.get("length_scale").asDouble();
        this.noiseW = (float) inference.get("noise_w").asDouble();
        this.multiSpeaker = model.card().raw().path("num_speakers").asInt(1) > 1;
    }

    /**
     * The voice's phoneme ids, with no pauses to cut at. espeak-ng failing is the system's fault,
     * not the request's: it fails the batch, which may be retried.
     */
    @Override
    public Reading read(TtsRequest request) throws RequestException {
        try {
            long[] ids = frontEnd.ids(request.text, request.pinyin);
            return new Reading(ids, new byte[ids.length]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Piper row needs its own ^ and $ around its ids: the text is spoken whole, as one row. */
    @Override
    public boolean segmentable() {
        return false;
    }

    @Override
    public Waveforms synthesize(List<SynthesisInput> rows) throws OrtException {
        List<Output> waves = new ArrayList<>(rows.size());
        long[] lengths = new long[rows.size()];
        try {
            for (int r = 0; r < rows.size(); r++) {
                waves.add(synthesize(rows.get(r)));
                lengths[r] = waves.get(r).samples;
            }
        } catch (OrtException | RuntimeException e) {
            waves.forEach(Output::close);
            throw e;
        }
        return Waveforms.unread(List.copyOf(waves), lengths);
    }

    private Output synthesize(SynthesisInput row) throws OrtException {
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = model.card();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(card.input("phoneme_ids"), OnnxTensor.createTensor(env, new long[][] {row.tokens()}));
            inputs.put(card.input("phoneme_lengths"), OnnxTensor.createTensor(env, new long[] {row.tokens().length}));
            inputs.put(card.input("scales"), OnnxTensor.createTensor(env, new float[] {noiseScale, lengthScale * row.scale(), noiseW}));
            if (multiSpeaker) {
                inputs.put(card.input("speaker_id"), OnnxTensor.createTensor(env, new long[] {0}));
            }
            OrtSession.Result out = model.run(inputs);
            OnnxValue value = out.get(card.output("waveform")).orElseThrow();
            long[] shape = value instanceof OnnxTensor t && t.getInfo().type == OnnxJavaType.FLOAT ? t.getInfo().getShape() : null;
            if (shape == null || shape.length != 4 || shape[0] != 1 || shape[1] != 1 || shape[2] != 1) {
                String got = value.getInfo().toString();
                out.close();
                throw new Waveforms.BadOutputException("the Piper voice returned " + got + " where float[1][1][1][samples] was expected");
            }
            return new Output(out, (OnnxTensor) value, shape[3]);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * A call's waveform, left in ONNX Runtime's memory until the storing thread reads it: copied
     * into the JVM on the model's thread, it took 0.10 ms of the synthetic voice's 3.7 ms calls (a
     * probe of 2026-12-03 on a 2-core AMD EPYC), beside which raw ONNX Runtime was timed.
     */
    private static final class Output implements Supplier<float[]> {
        private final OrtSession.Result result;
        private final OnnxTensor wave;
        final long samples;
        private float[] read;
        private boolean closed;

        Output(OrtSession.Result result, OnnxTensor wave, long samples) {
            this.result = result;
            this.wave = wave;
            this.samples = samples;
        }

        /** The samples, read once; ONNX Runtime's copy is let go then. */
        @Override
        public synchronized float[] get() {
            if (read == null) {
                try {
                    read = wave.getFloatBuffer().array();
                } finally {
                    close();
                }
            }
            return read;
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                result.close();
            }
        }
    }

    @Override
    public String conditioningIgnored(TtsRequest request) {
        boolean emotion = request.emotionDesc != null || request.emotionVector != null;
        return emotion ? IGNORED_TIMBRE + "," + IGNORED_EMOTION : IGNORED_TIMBRE;
    }

    @Override
    public int maxRowsPerCall() {
        return 1;
    }

    @Override
    public double msPerToken() {
        return MS_PER_ID;
    }

    @Override
    public OnnxModel onnx() {
        return model;
    }
}
