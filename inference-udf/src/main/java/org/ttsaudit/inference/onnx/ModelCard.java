package org.ttsaudit.inference.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The contract a model ships with: which tensors play which role, its sample rate and version,
 * and any task-specific keys (a vocabulary, frame sizes) that callers read from {@link #raw()}.
 * Role names are ours; tensor names are the model's, so a public export runs with only a card.
 */
public final class ModelCard {
    /** Our own cards: the roles and keys that {@code BuildModels} writes. */
    public static final String FORMAT_TTS_AUDIT = "tts-audit";
    /** A Piper voice, read from its {@code .onnx.json} by {@link PiperConfig}. */
    public static final String FORMAT_PIPER = "piper";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode raw;

    private ModelCard(JsonNode raw) {
        this.raw = raw;
        for (String key : new String[] {"name", "version", "task", "file", "inputs", "outputs"}) {
            if (!raw.hasNonNull(key)) {
                throw new IllegalArgumentException("model card is missing '" + key + "'");
            }
        }
    }

    public static ModelCard read(InputStream in) throws IOException {
        return of(JSON.readTree(in));
    }

    static ModelCard of(JsonNode raw) {
        return new ModelCard(raw);
    }

    public String name() {
        return raw.get("name").asText();
    }

    public String version() {
        return raw.get("version").asText();
    }

    /** name@version, the form recorded on every result. */
    public String id() {
        return name() + "@" + version();
    }

    public String task() {
        return raw.get("task").asText();
    }

    /** How the model is called and fed: {@code tts-audit} unless the card says otherwise. */
    public String format() {
        return raw.path("format").asText(FORMAT_TTS_AUDIT);
    }

    public String file() {
        return raw.get("file").asText();
    }

    public int sampleRate() {
        return requiredInt("sample_rate");
    }

    public String input(String role) {
        return tensorName("inputs", role);
    }

    public String output(String role) {
        return tensorName("outputs", role);
    }

    public int requiredInt(String key) {
        JsonNode node = raw.get(key);
        if (node == null || !node.canConvertToInt()) {
            throw new IllegalArgumentException("model card " + name() + " needs an integer '" + key + "'");
        }
        return node.asInt();
    }

    public JsonNode raw() {
        return raw;
    }

    private String tensorName(String section, String role) {
        JsonNode name = raw.get(section).get(role);
        return Objects.requireNonNull(name, () -> "model card " + name() + " has no " + section + "." + role)
                .asText();
    }
}
