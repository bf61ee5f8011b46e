package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Reading;
import org.ttsaudit.pipeline.text.Tokenizer;

/**
 * The project's own synthesizer format: padded tokens with their lengths, a speaker embedding, an
 * emotion vector and a duration scale per row; a padded waveform with its lengths back.
 */
final class TtsAuditSynthesizer implements VoiceModel {
    private final OnnxModel model;
    private final Tokenizer tokenizer;
    private final double msPerToken;

    TtsAuditSynthesizer(OnnxModel model) {
        this.model = model;
        ModelCard card = model.card();
        this.tokenizer = Tokenizer.fromCard(card);
        this.msPerToken = card.requiredInt("samples_per_token") * 1000.0 / card.sampleRate();
    }

    /** The parser's reading; a request that did not come through the parser is read here. */
    @Override
    public Reading read(TtsRequest request) throws RequestException {
        return request.tokens != null && request.tokenBreaks != null
                ? new Reading(request.tokens, request.tokenBreaks) : tokenizer.read(request.text, request.pinyin);
    }

    @Override
    public Waveforms synthesize(List<SynthesisInput> rows) throws OrtException {
        int n = rows.size();
        int width = rows.stream().mapToInt(p -> p.tokens().length).max().orElse(1);
        long[][] tokens = new long[n][width];
        long[] lengths = new long[n];
        float[][] speaker = new float[n][];
        float[][] emotion = new float[n][];
        float[] scale = new float[n];
        for (int r = 0; r < n; r++) {
            SynthesisInput p = rows.get(r);
            System.arraycopy(p.tokens(), 0, tokens[r], 0, p.tokens().length);
            lengths[r] = p.tokens().length;
            speaker[r] = p.speaker();
            emotion[r] = p.emotion();
            scale[r] = p.scale();
        }
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = model.card();
        try (OnnxTensor t = OnnxTensor.createTensor(env, tokens);
             OnnxTensor l = OnnxTensor.createTensor(env, lengths);
             OnnxTensor s = OnnxTensor.createTensor(env, speaker);
             OnnxTensor e = OnnxTensor.createTensor(env, emotion);
             OnnxTensor d = OnnxTensor.createTensor(env, scale);
             OrtSession.Result out = model.run(Map.of(
                     card.input("tokens"), t, card.input("token_lengths"), l, card.input("speaker"), s,
                     card.input("emotion"), e, card.input("duration_scale"), d))) {
            return Waveforms.of(out.get(card.output("waveform")).orElseThrow().getValue(),
                    out.get(card.output("waveform_lengths")).orElseThrow().getValue(), n);
        }
    }

    @Override
    public double msPerToken() {
        return msPerToken;
    }

    @Override
    public OnnxModel onnx() {
        return model;
    }
}
