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
        return new ModelCard(JSON.readTree(in));
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
