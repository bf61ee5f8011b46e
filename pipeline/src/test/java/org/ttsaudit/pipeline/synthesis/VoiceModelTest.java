package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.ttsaudit.inference.onnx.ModelCard;

class VoiceModelTest {
    private static final String CARD = """
            {"name": "v", "version": "1", "task": "tts", "file": "v.onnx", "inputs": {}, "outputs": {}%s}""";

    @Test
    void shouldReadTheFormatFromTheCardAndDefaultToTheProjectsOwn() throws Exception {
        assertThat(card(", \"format\": \"piper\"").format()).isEqualTo("piper");
        assertThat(card("").format()).isEqualTo("tts-audit");
    }

    private static ModelCard card(String extra) throws Exception {
        return ModelCard.read(new ByteArrayInputStream(String.format(CARD, extra).getBytes(StandardCharsets.UTF_8)));
    }
}
