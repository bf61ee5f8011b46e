package org.ttsaudit.models;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.DOUBLE;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsaudit.models.Graph.V;

/**
 * A synthetic voice with exactly the signature of a Piper (VITS) export, so that the Piper format
 * can be tested end to end without a real voice: {@code input} int64 [batch_size, phonemes],
 * {@code input_lengths} int64 [batch_size], {@code scales} float [3] (noise, length, noise-w),
 * {@code sid} int64 [batch_size] → {@code output} float [batch_size, 1, 1, time], the names and
 * axes of piper_train's {@code export_onnx.py}. Like that export it has no per-row output length.
 *
 * <p>Every id lasts {@link #SAMPLES_PER_ID} samples times {@code length_scale}; a non-pad id is a
 * sine at {@code 110 + 6 * id} Hz (speaker 1 a fifth higher), so the output follows the phonemes,
 * the length scale and the speaker, and past a row's {@code input_lengths} it is zero, as VITS masks
 * it. Noise scale and noise-w are read and ignored: the voice is deterministic.
 */
final class PiperSyntheticModel {
    static final int SAMPLE_RATE = 22050;
    /** 40 ms per id: a phoneme and its interspersed pad last 80 ms, a plausible speaking rate. */
    static final int SAMPLES_PER_ID = 882;
    static final double BASE_HZ = 110;
    static final double HZ_PER_ID = 6;
    static final double SPEAKER_RATIO = 1.5;
    static final String ESPEAK_VOICE = "en-us";
    static final List<String> SPEAKERS = List.of("low", "high");
    static final String VERSION = "1.0.0";

    private PiperSyntheticModel() {}

    /** Samples of the output for {@code ids} ids (the input's width) at {@code lengthScale}, as the graph computes it. */
    static long outputLength(long ids, float lengthScale) {
        return (long) Math.floor(ids * ((double) lengthScale * SAMPLES_PER_ID));
    }

    static byte[] build() {
        Graph g = new Graph("piper_synthetic");
        V input = g.input("input", INT64, "batch_size", "phonemes");
        V lengths = g.input("input_lengths", INT64, "batch_size");
        V scales = g.input("scales", FLOAT, 3L);
        V sid = g.input("sid", INT64, "batch_size");

        V width = g.op("Gather", g.op("Shape", input), g.scalar(1L));                         // N
        V hop = g.op("Gather", scales, g.scalar(1L)).cast(DOUBLE).mul(SAMPLES_PER_ID);        // samples per id
        V samples = width.cast(DOUBLE).mul(hop).floor();                                      // T
        V t = g.op("Range", g.scalar(0.0), samples, g.scalar(1.0));                           // [T]
        V position = t.div(hop).floor().min(width.sub(g.scalar(1L)).cast(DOUBLE)).cast(INT64);
        V ids = g.op("Gather", Map.of("axis", 1L), input, position);                          // [B,T]

        V speakerRatio = sid.cast(FLOAT).mul((float) (SPEAKER_RATIO - 1)).add(1f).unsqueeze(1);        // [B,1]
        V hz = ids.cast(FLOAT).mul((float) HZ_PER_ID).add((float) BASE_HZ).mul(speakerRatio);
        V phase = g.op("CumSum", hz.mul((float) (2 * Math.PI / SAMPLE_RATE)), g.scalar(1L));
        V voiced = ids.greaterOrEqual(g.scalar(1L)).cast(FLOAT);
        V inside = t.less(lengths.cast(DOUBLE).unsqueeze(1).mul(hop)).cast(FLOAT);            // VITS's mask
        V wave = phase.sin().mul(voiced).mul(inside).mul(0.4f);
        g.output("output", wave.unsqueeze(1, 2), FLOAT, "batch_size", 1L, 1L, "time");
        return g.toModelBytes("piper-synthetic: a stand-in with the signature of a Piper VITS export");
    }

    /**
     * The voice's {@code .onnx.json} in Piper's schema. Its {@code phoneme_id_map} follows Piper's
     * conventions ("_" pad 0, "^" bos 1, "$" eos 2, " " 3, then punctuation) and covers what espeak-ng
     * emits: ASCII letters and digits (its Mandarin voice writes tones as digits), the IPA Extensions
     * block and the stress, length and tone marks.
     */
    static Map<String, Object> config() {
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("sample_rate", SAMPLE_RATE);
        audio.put("quality", "x_low");
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("noise_scale", 0.667);
        inference.put("length_scale", 1.0);
        inference.put("noise_w", 0.8);
        Map<String, Integer> speakers = new LinkedHashMap<>();
        for (int i = 0; i < SPEAKERS.size(); i++) {
            speakers.put(SPEAKERS.get(i), i);
        }
        Map<String, List<Integer>> idMap = new LinkedHashMap<>();
        for (String symbol : symbols()) {
            idMap.put(symbol, List.of(idMap.size()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", "piper-synthetic");
        config.put("audio", audio);
        config.put("espeak", Map.of("voice", ESPEAK_VOICE));
        config.put("language", Map.of("code", "en_US"));
        config.put("inference", inference);
        config.put("phoneme_type", "espeak");
        config.put("phoneme_map", Map.of());
        config.put("phoneme_id_map", idMap);
        config.put("num_symbols", idMap.size());
        config.put("num_speakers", SPEAKERS.size());
        config.put("speaker_id_map", speakers);
        config.put("piper_version", VERSION);
        return config;
    }

    private static List<String> symbols() {
        List<String> symbols = new ArrayList<>(List.of("_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?"));
        for (char c = 'a'; c <= 'z'; c++) {
            symbols.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            symbols.add(String.valueOf(c));
        }
        for (int cp = 0x250; cp <= 0x2AF; cp++) {
            symbols.add(Character.toString(cp));
        }
        // ɡ (U+0261) is in the block above; the marks: stress, length, aspiration, palatal, tones, nasal, syllabic.
        for (int cp : new int[] {0x2C8, 0x2CC, 0x2D0, 0x2D1, 0x2B0, 0x2B2, 0x2B7, 0x2E5, 0x2E9, 0x303, 0x329, 0x3B8, 0xE6, 0xE7, 0xF0, 0xF8, 0x14B, 0x153}) {
            symbols.add(Character.toString(cp));
        }
        return symbols;
    }
}
