package org.ttsaudit.inference.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a Piper voice's {@code .onnx.json}, as the Piper project publishes it, into the operator's
 * card: format {@code piper}, the tensor names of Piper's export under our roles, the sample rate,
 * and Piper's own keys (phoneme id map, espeak voice, inference scales, speakers) kept as they are
 * for the Piper front end and model call. Piper's config has no model name or version: the name is
 * the voice's file name (Piper names voices {@code lang_REGION-name-quality}) and the version the
 * config's {@code piper_version}.
 */
public final class PiperConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Piper's voice.py, piper.cpp: the config sits next to the model as NAME.onnx.json. */
    public static final String SUFFIX = ".json";

    private PiperConfig() {}

    /** {@code config} is the {@code .onnx.json}; {@code onnxFile} the model's file name next to it. */
    public static ModelCard read(InputStream config, String onnxFile) throws IOException {
        JsonNode piper = JSON.readTree(config);
        for (String key : new String[] {"audio", "phoneme_id_map"}) {
            if (!piper.hasNonNull(key)) {
                throw new IllegalArgumentException("Piper config of " + onnxFile + " is missing '" + key + "'");
            }
        }
        ObjectNode card = JSON.createObjectNode();
        card.put("name", onnxFile.endsWith(".onnx") ? onnxFile.substring(0, onnxFile.length() - 5) : onnxFile);
        card.put("version", piper.path("piper_version").asText("unknown"));
        card.put("task", "synthesizer");
        card.put("format", ModelCard.FORMAT_PIPER);
        card.put("file", onnxFile);
        card.put("sample_rate", piper.at("/audio/sample_rate").asInt());
        ObjectNode inputs = card.putObject("inputs");
        inputs.put("phoneme_ids", "input");
        inputs.put("phoneme_lengths", "input_lengths");
        inputs.put("scales", "scales");
        inputs.put("speaker_id", "sid");
        card.putObject("outputs").put("waveform", "output");
        card.put("phoneme_type", piper.path("phoneme_type").asText("espeak"));
        card.put("espeak_voice", piper.at("/espeak/voice").asText("en-us"));
        card.set("phoneme_id_map", piper.get("phoneme_id_map"));
        ObjectNode scales = card.putObject("inference");
        scales.put("noise_scale", piper.at("/inference/noise_scale").asDouble(0.667));
        scales.put("length_scale", piper.at("/inference/length_scale").asDouble(1.0));
        scales.put("noise_w", piper.at("/inference/noise_w").asDouble(0.8));
        card.put("num_speakers", piper.path("num_speakers").asInt(1));
        card.set("speaker_id_map", piper.has("speaker_id_map") ? piper.get("speaker_id_map") : JSON.createObjectNode());
        return ModelCard.of(card);
    }
}
