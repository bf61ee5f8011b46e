package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.text.EspeakNg;
import org.ttsaudit.pipeline.text.PiperFrontEnd;

/** The synthesizer that {@code model.synthesizer-card} names, called the way its card's format says. */
final class VoiceModels {
    private VoiceModels() {}

    static VoiceModel open(SynthesisSettings settings) throws IOException, OrtException {
        OnnxModel model = OnnxModel.load(settings.synthesizerCard, settings.device, settings.intraOpThreads);
        String format = model.card().format();
        return switch (format) {
            case ModelCard.FORMAT_TTS_AUDIT -> new TtsAuditSynthesizer(model);
            case ModelCard.FORMAT_PIPER -> new PiperVoice(model, new PiperFrontEnd(model.card(), EspeakNg.load()));
            default -> {
                model.close();
                throw new IllegalArgumentException("model card " + model.card().name() + " has format '" + format
                        + "'; known formats are " + ModelCard.FORMAT_TTS_AUDIT + " and " + ModelCard.FORMAT_PIPER);
            }
        };
    }
}
