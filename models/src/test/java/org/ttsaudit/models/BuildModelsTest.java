package org.ttsaudit.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildModelsTest {
    private static final List<String> FILES = List.of("synth.onnx", "synth.json", "speaker_encoder.onnx", "speaker_encoder.json",
            BuildModels.PIPER_VOICE, BuildModels.PIPER_VOICE + ".json");

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = BuildModelsTest.class.getResourceAsStream("/models/" + file)) {
            assertThat(in).as("/models/" + file + " on the classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void buildsAreByteIdenticalAndMatchTheBundledModels(@TempDir Path one, @TempDir Path two) throws IOException {
        BuildModels.write(one);
        BuildModels.write(two);
        for (String f : FILES) {
            byte[] bytes = Files.readAllBytes(one.resolve(f));
            assertThat(Files.readAllBytes(two.resolve(f))).as(f).isEqualTo(bytes);
            assertThat(resource(f)).as(f).isEqualTo(bytes);
        }
    }

    @Test
    void synthCardFollowsTheSchema() throws IOException {
        JsonNode card = new ObjectMapper().readTree(resource("synth.json"));
        assertThat(fields(card)).containsExactly("name", "version", "task", "file", "opset", "sample_rate",
                "samples_per_token", "speaker_dim", "emotion_dim", "emotion_order", "inputs", "outputs",
                "frame_samples", "length_formula", "vocab");
        assertThat(card.get("version").asText()).isEqualTo("2.0.0");
        assertThat(card.get("task").asText()).isEqualTo("synthesizer");
        assertThat(card.get("file").asText()).isEqualTo("synth.onnx");
        assertThat(card.get("opset").asInt()).isEqualTo(18);
        assertThat(card.get("sample_rate").asInt()).isEqualTo(22050);
        assertThat(card.get("samples_per_token").asInt()).isEqualTo(4410);
        assertThat(card.get("emotion_order").get(7).asText()).isEqualTo("calm");
        assertThat(fields(card.get("inputs"))).containsExactly("tokens", "token_lengths", "speaker", "emotion", "duration_scale");
        assertThat(fields(card.get("outputs"))).containsExactly("waveform", "waveform_lengths", "prosody");
        assertThat(card.get("frame_samples").asInt()).isEqualTo(256);
        List<String> vocab = new ArrayList<>();
        card.get("vocab").forEach(v -> vocab.add(v.asText()));
        assertThat(vocab).isEqualTo(Vocab.tokens());
    }

    @Test
    void speakerEncoderCardFollowsTheSchema() throws IOException {
        JsonNode card = new ObjectMapper().readTree(resource("speaker_encoder.json"));
        assertThat(fields(card)).containsExactly("name", "version", "task", "file", "opset", "sample_rate",
                "embedding_dim", "min_samples", "inputs", "outputs");
        assertThat(card.get("task").asText()).isEqualTo("speaker_encoder");
        assertThat(card.get("embedding_dim").asInt()).isEqualTo(64);
        assertThat(card.get("min_samples").asInt()).isEqualTo(11025);
        assertThat(card.get("inputs").get("audio").asText()).isEqualTo("audio");
        assertThat(card.get("outputs").get("embedding").asText()).isEqualTo("embedding");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
