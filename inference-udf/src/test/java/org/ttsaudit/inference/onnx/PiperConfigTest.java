package org.ttsaudit.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Piper voice loads from its .onnx and .onnx.json as the operator's card, and runs under the card's names. */
class PiperConfigTest {
    private static final String VOICE = "classpath:/models/piper-synthetic.onnx";

    @Test
    void aPiperVoiceLoadsAsACardOfFormatPiperAndRunsUnderItsTensorNames() throws Exception {
        try (OnnxModel model = OnnxModel.load(VOICE, Device.CPU, 1)) {
            ModelCard card = model.card();
            assertThat(card.format()).isEqualTo(ModelCard.FORMAT_PIPER);
            assertThat(card.id()).isEqualTo("piper-synthetic@1.0.0");
            assertThat(card.sampleRate()).isEqualTo(22050);
            assertThat(card.raw().get("espeak_voice").asText()).isEqualTo("en-us");
            assertThat(card.raw().at("/phoneme_id_map/^/0").asInt()).isEqualTo(1);
            assertThat(card.raw().at("/inference/noise_w").asDouble()).isEqualTo(0.8);
            assertThat(card.raw().get("num_speakers").asInt()).isEqualTo(2);
            OrtEnvironment env = OnnxModel.environment();
            try (OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{1, 0, 20, 0, 2}});
                 OnnxTensor lengths = OnnxTensor.createTensor(env, new long[] {5});
                 OnnxTensor scales = OnnxTensor.createTensor(env, new float[] {0.667f, 1f, 0.8f});
                 OnnxTensor sid = OnnxTensor.createTensor(env, new long[] {0});
                 OrtSession.Result out = model.run(Map.of(card.input("phoneme_ids"), ids, card.input("phoneme_lengths"), lengths,
                         card.input("scales"), scales, card.input("speaker_id"), sid))) {
                float[][][][] wave = (float[][][][]) out.get(card.output("waveform")).orElseThrow().getValue();
                assertThat(wave[0][0][0]).hasSize(5 * 882);
            }
        }
    }

    @Test
    void ourOwnCardsAreOfFormatTtsAudit() {
        assertThat(OnnxModel.readCard("classpath:/models/synth.json").format()).isEqualTo(ModelCard.FORMAT_TTS_AUDIT);
    }

    @Test
    void aPiperConfigWithoutItsPhonemeMapIsRefusedWithTheVoicesName() {
        assertThatThrownBy(() -> PiperConfig.read(new ByteArrayInputStream(
                "{\"audio\":{\"sample_rate\":16000}}".getBytes(StandardCharsets.UTF_8)), "de_DE-x-low.onnx"))
                .hasMessageContaining("de_DE-x-low.onnx").hasMessageContaining("phoneme_id_map");
    }
}
