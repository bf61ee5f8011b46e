package org.ttsaudit.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loads the bundled speaker encoder through its card, runs it, and closes it. */
class OnnxModelTest {
    private static final String CARD = "classpath:/models/speaker_encoder.json";

    @Test
    void loadsAModelFromItsCardAndRunsItOnTheResolvedDevice() throws Exception {
        try (OnnxModel model = OnnxModel.load(CARD, Device.CPU, 1)) {
            ModelCard card = model.card();
            assertThat(card.id()).isEqualTo("tts-speaker-encoder-tiny@1.0.0");
            assertThat(model.device()).isEqualTo(Device.CPU);
            float[][] audio = new float[1][card.requiredInt("min_samples")];
            for (int i = 0; i < audio[0].length; i++) {
                audio[0][i] = (float) Math.sin(i * 0.05);
            }
            try (OnnxTensor in = OnnxTensor.createTensor(OnnxModel.environment(), audio);
                 OrtSession.Result out = model.run(Map.of(card.input("audio"), in))) {
                float[][] embedding = (float[][]) out.get(card.output("embedding")).orElseThrow().getValue();
                assertThat(embedding[0]).hasSize(card.requiredInt("embedding_dim"));
            }
        }
    }

    @Test
    void aClosedModelNoLongerRuns() throws Exception {
        OnnxModel model = OnnxModel.load(CARD, Device.CPU, 1);
        model.close();
        try (OnnxTensor in = OnnxTensor.createTensor(OnnxModel.environment(), new float[1][20000])) {
            assertThatThrownBy(() -> model.run(Map.of("audio", in))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCardWithoutRequiredKeysIsRefusedWithItsName() {
        assertThatThrownBy(() -> ModelCard.read(new java.io.ByteArrayInputStream("{\"name\":\"x\"}".getBytes())))
                .hasMessageContaining("missing 'version'");
        assertThatThrownBy(() -> OnnxModel.readCard("classpath:/models/none.json"))
                .hasMessageContaining("none.json");
    }
}
