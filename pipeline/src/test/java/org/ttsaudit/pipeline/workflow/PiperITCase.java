package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.text.EspeakNg;
import org.ttsaudit.pipeline.text.PiperFrontEnd;

/**
 * The job with a Piper voice: the synthetic voice's .onnx and .onnx.json, placed in a directory as
 * Piper publishes them, named by model.synthesizer-card; requests through a real broker, espeak-ng
 * and ONNX Runtime, audit rows in a real MariaDB server.
 */
class PiperITCase {
    /** The synthetic voice's samples per phoneme id at length scale 1. */
    private static final int SAMPLES_PER_ID = 882;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;
    private static Path voice;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-piper"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
        Path voices = Files.createDirectories(stack.workDir.resolve("piper"));
        for (String file : List.of("piper-synthetic.onnx", "piper-synthetic.onnx.json")) {
            try (InputStream in = PiperITCase.class.getResourceAsStream("/models/" + file)) {
                Files.copy(in, voices.resolve(file.replace("piper-synthetic", "en_US-synthetic-x_low")));
            }
        }
        voice = voices.resolve("en_US-synthetic-x_low.onnx").toAbsolutePath();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    private static GeneratedRequest request(String id, String text, String emotion, Double durationRatio) {
        ObjectNode json = JSON.createObjectNode().put("request_id", id).put("user_id", 1).put("text", text)
                .put("ref_audio_url", "file:" + stack.voiceDir().toAbsolutePath().resolve("voice-1.wav"));
        if (emotion != null) {
            json.put("emotion_desc", emotion);
        }
        if (durationRatio != null) {
            json.put("mode", "controlled").put("target_duration_ratio", durationRatio);
        }
        return new GeneratedRequest(id, json.toString().getBytes(StandardCharsets.UTF_8), "success", null, false);
    }

    @Test
    void shouldSpeakWithAPiperVoiceAndRecordWhatItDidNotApply() throws Exception {
        JobRun run = JobRun.create(stack, "piper");
        run.config.set(TtsOptions.MODEL_SYNTH, voice.toString());
        List<GeneratedRequest> requests = List.of(
                request("piper-en", "Hello, world.", null, null),
                request("piper-zh", "你好，世界。", "愤怒地质问", null),
                request("piper-slow", "Hello, world.", null, 1.5));
        PiperFrontEnd frontEnd = new PiperFrontEnd(OnnxModel.readCard(voice.toString()), EspeakNg.load());
        int english = frontEnd.ids("Hello, world.", null).length;
        int chinese = frontEnd.ids("你好，世界。", null).length;

        JobClient job = TtsJob.start(run.config);
        try {
            run.sendAndCheckRows(requests);
        } finally {
            job.cancel().get();
        }

        Map<String, Map<String, Object>> rows = rows(run.name);
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.get("model_format")).isEqualTo("piper");
            assertThat(row.get("model_version")).isEqualTo("en_US-synthetic-x_low@1.0.0");
            assertThat(row.get("batch_size")).isEqualTo(1);
            assertThat(row.get("segments")).as("a Piper voice speaks a text whole").isEqualTo(1);
        });
        assertThat(rows.get("piper-en").get("conditioning_ignored")).isEqualTo("ref_audio_timbre");
        assertThat(rows.get("piper-zh").get("conditioning_ignored")).isEqualTo("ref_audio_timbre,emotion");
        assertThat(rows.get("piper-slow").get("conditioning_ignored")).isEqualTo("ref_audio_timbre");
        assertThat(rows.get("piper-en").get("samples")).isEqualTo((long) english * SAMPLES_PER_ID);
        assertThat(rows.get("piper-zh").get("samples")).isEqualTo((long) chinese * SAMPLES_PER_ID);
        assertThat(rows.get("piper-slow").get("samples")).isEqualTo((long) Math.floor(english * (1.5 * SAMPLES_PER_ID)));
    }

    /** Per request id: the audit columns checked here and the sample count of the stored WAV. */
    private static Map<String, Map<String, Object>> rows(String run) throws Exception {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, model_format, model_version, batch_size, conditioning_ignored, "
                     + "output_audio_url, segments FROM tts_generation_log WHERE request_id LIKE '" + run + "%'")) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                row.put("model_format", rs.getString(2));
                row.put("model_version", rs.getString(3));
                row.put("batch_size", rs.getInt(4));
                row.put("conditioning_ignored", rs.getString(5));
                byte[] wav = Files.readAllBytes(Path.of(URI.create(rs.getString(6))));
                row.put("samples", (long) Wav.data(wav).length() / 2);
                row.put("segments", rs.getInt(7));
                rows.put(rs.getString(1), row);
            }
        }
        return rows;
    }
}
