package org.ttsaudit.models;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;

import java.util.Map;
import org.ttsaudit.models.Graph.V;

/**
 * The tiny speaker encoder: log-mel statistics of a clip. The 32 per-band means describe the
 * spectral envelope (formants, tilt, pitch region), the 32 per-band standard deviations how it
 * moves; together, L2-normalised, they are the 64-d speaker embedding.
 */
final class SpeakerEncoderModel {
    static final int SAMPLE_RATE = 22050;
    static final int EMBEDDING_DIM = 64;
    static final int MIN_SAMPLES = 11025;
    private static final long FRAME = 1024;
    private static final long HOP = 256;
    private static final long MEL_BANDS = 32;

    private SpeakerEncoderModel() {}

    static byte[] build() {
        Graph g = new Graph("tts_speaker_encoder_tiny");
        V audio = g.input("audio", FLOAT, 1L, "S");

        V window = g.op("HannWindow", g.scalar(FRAME));
        V spectrum = g.op("STFT", audio.unsqueeze(2), g.scalar(HOP), window, g.scalar(FRAME)); // [1,F,513,2]
        V power = spectrum.mul(spectrum).reduce("ReduceSum", false, 3);                         // [1,F,513]
        V melWeights = g.op("MelWeightMatrix", g.scalar(MEL_BANDS), g.scalar(FRAME),
                g.scalar((long) SAMPLE_RATE), g.scalar(60f), g.scalar(8000f));                  // [513,32]
        V logMel = power.matmul(melWeights).add(1e-6).log();                                     // [1,F,32]

        V mean = logMel.reduce("ReduceMean", false, 1);                                          // [1,32]
        V deviation = logMel.sub(mean.unsqueeze(1));
        V std = deviation.mul(deviation).reduce("ReduceMean", false, 1).add(1e-6).sqrt();      // [1,32]
        // Removing the mean over bands makes the embedding independent of the recording level.
        V envelope = mean.sub(mean.reduce("ReduceMean", true, 1));
        V features = g.op("Concat", Map.of("axis", 1L), envelope, std);                         // [1,64]
        V norm = features.mul(features).reduce("ReduceSum", true, 1).sqrt();
        g.output("embedding", features.div(norm), FLOAT, 1L, (long) EMBEDDING_DIM);
        return g.toModelBytes("tts-speaker-encoder-tiny: log-mel mean/std speaker embedding");
    }
}
