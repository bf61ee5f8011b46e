package org.ttsaudit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.models.audio.Signals;

/** The synthetic Piper voice has Piper's signature and config schema, and its output follows its inputs. */
class PiperSyntheticModelTest {
    private static OrtSession voice;

    @BeforeAll
    static void load() throws Exception {
        voice = Synth.session(BuildModels.PIPER_VOICE);
    }

    @AfterAll
    static void close() throws OrtException {
        voice.close();
    }

    /** Rows of ids (zero-padded to the widest), each row's length, a length scale and speaker ids -> [B][T]. */
    private static float[][] run(long[][] ids, long[] lengths, float lengthScale, long[] sid) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(Synth.ENV, ids);
             OnnxTensor len = OnnxTensor.createTensor(Synth.ENV, lengths);
             OnnxTensor scales = OnnxTensor.createTensor(Synth.ENV, new float[] {0.667f, lengthScale, 0.8f});
             OnnxTensor speaker = OnnxTensor.createTensor(Synth.ENV, sid);
             OrtSession.Result out = voice.run(Map.of("input", in, "input_lengths", len, "scales", scales, "sid", speaker))) {
            float[][][][] wave = (float[][][][]) out.get("output").orElseThrow().getValue();
            return Arrays.stream(wave).map(row -> row[0][0]).toArray(float[][]::new);
        }
    }

    private static float[] one(long id, int count, float lengthScale, long sid) throws OrtException {
        long[] ids = new long[count];
        Arrays.fill(ids, id);
        return run(new long[][] {ids}, new long[] {count}, lengthScale, new long[] {sid})[0];
    }

    private static double peak(float[] x) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }

    @Test
    void hasTheSignatureOfAPiperExport() throws OrtException {
        Map<String, NodeInfo> inputs = voice.getInputInfo();
        assertThat(inputs).containsOnlyKeys("input", "input_lengths", "scales", "sid");
        assertThat(((TensorInfo) inputs.get("input").getInfo()).getShape()).containsExactly(-1, -1);
        assertThat(((TensorInfo) inputs.get("scales").getInfo()).getShape()).containsExactly(3);
        assertThat(((TensorInfo) voice.getOutputInfo().get("output").getInfo()).getShape()).containsExactly(-1, 1, 1, -1);
    }

    @Test
    void lengthFollowsTheIdsAndTheLengthScale() throws OrtException {
        assertThat(one(20, 9, 1f, 0)).hasSize(9 * PiperSyntheticModel.SAMPLES_PER_ID);
        assertThat(one(20, 9, 1.7f, 0)).hasSize((int) PiperSyntheticModel.outputLength(9, 1.7f));
        assertThat(PiperSyntheticModel.outputLength(9, 2f)).isEqualTo(2L * 9 * PiperSyntheticModel.SAMPLES_PER_ID);
    }

    @Test
    void pitchFollowsThePhonemeAndTheSpeaker() throws OrtException {
        assertThat(Signals.f0(one(20, 10, 1f, 0), PiperSyntheticModel.SAMPLE_RATE)).isCloseTo(230, within(5.0));
        assertThat(Signals.f0(one(60, 10, 1f, 0), PiperSyntheticModel.SAMPLE_RATE)).isCloseTo(470, within(8.0));
        assertThat(Signals.f0(one(20, 10, 1f, 1), PiperSyntheticModel.SAMPLE_RATE)).isCloseTo(345, within(7.0));
    }

    @Test
    void padIsSilentAndARowIsZeroPastItsLength() throws OrtException {
        assertThat(peak(one(0, 4, 1f, 0))).isZero();
        float[][] rows = run(new long[][] {{20, 21, 22, 23}, {20, 21, 9, 9}}, new long[] {4, 2}, 1f, new long[] {0, 0});
        int cut = 2 * PiperSyntheticModel.SAMPLES_PER_ID;
        assertThat(Signals.rmsDbfs(rows[1], 0, cut)).isGreaterThan(-15);
        assertThat(peak(Arrays.copyOfRange(rows[1], cut, rows[1].length))).isZero();
        assertThat(Arrays.copyOf(rows[1], cut)).isEqualTo(Arrays.copyOf(rows[0], cut));
    }

    @Test
    void configFollowsPipersSchema() throws Exception {
        JsonNode config;
        try (InputStream in = getClass().getResourceAsStream("/models/" + BuildModels.PIPER_VOICE + ".json")) {
            config = new ObjectMapper().readTree(in);
        }
        assertThat(config.at("/audio/sample_rate").asInt()).isEqualTo(22050);
        assertThat(config.at("/espeak/voice").asText()).isEqualTo("en-us");
        assertThat(config.at("/inference/length_scale").asDouble()).isEqualTo(1.0);
        assertThat(config.get("phoneme_type").asText()).isEqualTo("espeak");
        JsonNode ids = config.get("phoneme_id_map");
        assertThat(ids.at("/_/0").asInt()).isZero();
        assertThat(ids.at("/^/0").asInt()).isEqualTo(1);
        assertThat(ids.at("/$/0").asInt()).isEqualTo(2);
        assertThat(ids.at("/ˈ/0").isInt()).isTrue();
        assertThat(config.get("num_symbols").asInt()).isEqualTo(ids.size());
        assertThat(config.get("num_speakers").asInt()).isEqualTo(2);
        assertThat(config.at("/speaker_id_map/high").asInt()).isEqualTo(1);
    }
}
