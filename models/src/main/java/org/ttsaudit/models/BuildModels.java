package org.ttsaudit.models;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code synth.onnx}, {@code speaker_encoder.onnx} and their model cards, and the synthetic
 * Piper voice {@code piper-synthetic.onnx} with its Piper config {@code piper-synthetic.onnx.json},
 * into a directory.
 * Run by the build (exec-maven-plugin, process-classes) so that the jar carries them under
 * {@code /models/}. Everything is seeded, so two runs give byte-identical files.
 */
public final class BuildModels {
    /** Pretty-printed with "\n" whatever the platform, so the cards are byte-identical everywhere. */
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** Piper publishes a voice as NAME.onnx beside NAME.onnx.json; ours follows suit. */
    public static final String PIPER_VOICE = "piper-synthetic.onnx";

    private BuildModels() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BuildModels <output directory>");
        }
        write(Path.of(args[0]));
    }

    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("synth.onnx"), SynthModel.build());
        Files.write(dir.resolve("speaker_encoder.onnx"), SpeakerEncoderModel.build());
        writeCard(dir.resolve("synth.json"), synthCard());
        writeCard(dir.resolve("speaker_encoder.json"), speakerEncoderCard());
        Files.write(dir.resolve(PIPER_VOICE), PiperSyntheticModel.build());
        writeCard(dir.resolve(PIPER_VOICE + ".json"), PiperSyntheticModel.config());
    }

    private static Map<String, Object> synthCard() {
        Map<String, Object> card = header("tts-synth-tiny", SynthModel.VERSION, "synthesizer", "synth.onnx");
        card.put("sample_rate", SynthModel.SAMPLE_RATE);
        card.put("samples_per_token", SynthModel.SAMPLES_PER_TOKEN);
        card.put("speaker_dim", SynthModel.SPEAKER_DIM);
        card.put("emotion_dim", SynthModel.EMOTIONS.size());
        card.put("emotion_order", SynthModel.EMOTIONS);
        card.put("inputs", identity("tokens", "token_lengths", "speaker", "emotion", "duration_scale"));
        card.put("outputs", identity("waveform", "waveform_lengths", "prosody"));
        card.put("frame_samples", SynthModel.HOP);
        card.put("length_formula", SynthModel.LENGTH_FORMULA);
        card.put("vocab", Vocab.tokens());
        return card;
    }

    private static Map<String, Object> speakerEncoderCard() {
        Map<String, Object> card = header("tts-speaker-encoder-tiny", "1.0.0", "speaker_encoder", "speaker_encoder.onnx");
        card.put("sample_rate", SpeakerEncoderModel.SAMPLE_RATE);
        card.put("embedding_dim", SpeakerEncoderModel.EMBEDDING_DIM);
        card.put("min_samples", SpeakerEncoderModel.MIN_SAMPLES);
        card.put("inputs", identity("audio"));
        card.put("outputs", identity("embedding"));
        return card;
    }

    private static Map<String, Object> header(String name, String version, String task, String file) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", name);
        card.put("version", version);
        card.put("task", task);
        card.put("file", file);
        card.put("opset", Graph.OPSET);
        return card;
    }

    /** Logical name -> tensor name; ours coincide, another model's card may map them differently. */
    private static Map<String, String> identity(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }

    private static void writeCard(Path file, Map<String, Object> card) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(card));
    }
}
