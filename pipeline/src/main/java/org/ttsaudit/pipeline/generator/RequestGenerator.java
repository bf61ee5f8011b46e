package org.ttsaudit.pipeline.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.text.Tokenizer;

/**
 * Makes a deterministic mix of requests: mostly valid ones (Chinese and English text, emotions by
 * description and by vector, free and controlled durations, pinyin corrections, personal data for
 * the masker, a scam script for the risk rules) and a share of every kind of bad input. Also writes the reference voices they use.
 */
public final class RequestGenerator {
    public static final int VOICES = 4;
    private static final int SAMPLE_RATE = 22050;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] TEXTS = {
        "今天天气很好，我们去公园散步吧。", "欢迎使用语音合成服务。", "请在三点之前把报告发给我。",
        "行长说明天开会。", "你好，世界！", "这段音频由流式管道生成。", "Hello from the streaming pipeline.",
        "我的电话是13812345678，请回电。", "邮箱 zhang.san@example.com 已经登记。", "身份证号11010519491231002X已核对。",
        "卡号4111111111111111请保密。", "他在银HANG2工作。", "Model A4 is ready.",
        "请马上转账到安全账户。"
    };
    private static final String[] EMOTIONS = {"开心", "非常愤怒地质问", "有点难过", "平静", "gently", "very surprised", "slightly afraid"};

    private final Random random;
    private final Path voiceDir;
    private final String topicForIds;
    private final Tokenizer tokenizer;
    private final double msPerToken;
    private Instant eventTimeBase;
    private long eventTimeSpreadMs;

    public RequestGenerator(long seed, Path voiceDir, String runId) {
        ModelCard card = OnnxModel.readCard(new Configuration().get(TtsOptions.MODEL_SYNTH));
        this.tokenizer = Tokenizer.fromCard(card);
        this.msPerToken = card.requiredInt("samples_per_token") * 1000.0 / card.sampleRate();
        this.random = new Random(seed);
        this.voiceDir = voiceDir.toAbsolutePath().normalize();
        this.topicForIds = runId;
    }

    /**
     * Event times ({@code submitted_at}) drawn uniformly from {@code spread} before {@code base},
     * in random order, instead of "now": out-of-order and late events for the windows.
     */
    public RequestGenerator eventTimes(Instant base, Duration spread) {
        this.eventTimeBase = base;
        this.eventTimeSpreadMs = spread.toMillis();
        return this;
    }

    /** Writes the reference clips (and a too-short and a noisy one) that generated requests point to. */
    public void writeVoices() throws IOException {
        Files.createDirectories(voiceDir);
        for (int v = 0; v < VOICES; v++) {
            Files.write(voice(v), VoiceClips.wav(1000 + v, 4.0, SAMPLE_RATE));
        }
        Files.write(voiceDir.resolve("short.wav"), VoiceClips.wav(7, 1.0, SAMPLE_RATE));
        Files.write(voiceDir.resolve("noisy.wav"), Wav.encodePcm16(VoiceClips.noisySpeech(8, 4.0, SAMPLE_RATE, 10), SAMPLE_RATE));
    }

    public List<GeneratedRequest> generate(int count) {
        List<GeneratedRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = topicForIds + "-" + i;
            int dice = random.nextInt(100);
            out.add(dice < 80 ? valid(id) : invalid(id, dice - 80));
        }
        return out;
    }

    private GeneratedRequest valid(String id) {
        ObjectNode n = base(id);
        if (random.nextBoolean()) {
            n.put("emotion_desc", pick(EMOTIONS));
        } else if (random.nextInt(3) == 0) {
            ArrayNode vector = n.putArray("emotion_vector");
            for (int k = 0; k < 8; k++) {
                vector.add(Math.round(random.nextDouble() * 1.2 * 100) / 100.0);
            }
            n.put("emotion_intensity", Math.round(random.nextDouble() * 100) / 100.0);
        }
        switch (random.nextInt(4)) {
            case 0 -> n.put("mode", "controlled").put("target_duration_ms", targetMs(n.get("text").asText()));
            case 1 -> n.put("mode", "controlled").put("target_duration_ratio", 0.5 + random.nextInt(16) / 10.0);
            default -> n.put("mode", "free");
        }
        if (n.get("text").asText().startsWith("行长")) {
            n.put("pinyin", "hang2 zhang3");
        }
        return new GeneratedRequest(id, bytes(n), "success", null, false);
    }

    /** A target the synthesizer can reach: 0.6..1.9 times the text's natural length. */
    private int targetMs(String text) {
        try {
            double naturalMs = tokenizer.tokenize(text, null).length * msPerToken;
            return (int) Math.max(200, Math.round(naturalMs * (0.6 + random.nextInt(14) / 10.0)));
        } catch (RequestException e) {
            throw new IllegalStateException("generator text is not speakable", e);
        }
    }

    /** One of 20 kinds of bad input; {@code kind} in 0..19. */
    private GeneratedRequest invalid(String id, int kind) {
        ObjectNode n = base(id);
        switch (kind) {
            case 0, 1:
                return dead(null, ("{\"request_id\":\"" + id + "\",\"user_id\":7,\"text\":\"你好").getBytes(StandardCharsets.UTF_8), "MALFORMED_JSON");
            case 2:
                return dead(null, "[1,2,3]".getBytes(StandardCharsets.UTF_8), "NOT_AN_OBJECT");
            case 3:
                n.remove("text");
                return dead(id, bytes(n), "MISSING_FIELD");
            case 4:
                n.remove("user_id");
                return dead(id, bytes(n), "MISSING_FIELD");
            case 5:
                n.put("user_id", "forty-two");
                return dead(id, bytes(n), "WRONG_TYPE");
            case 6:
                n.put("text", 12345);
                return dead(id, bytes(n), "WRONG_TYPE");
            case 7:
                n.put("text", "长".repeat(5001));
                return dead(id, bytes(n), "TEXT_TOO_LONG");
            case 8:
                n.putArray("emotion_vector").add(0.5).add(0.5).add(0.5);
                return dead(id, bytes(n), "BAD_EMOTION_VECTOR");
            case 9:
                n.put("emotion_intensity", 1.5);
                return dead(id, bytes(n), "BAD_EMOTION_INTENSITY");
            case 10:
                n.put("mode", "controlled").put("target_duration_ms", 50);
                return dead(id, bytes(n), "BAD_DURATION_TARGET");
            case 11:
                n.put("mode", "turbo");
                return dead(id, bytes(n), "BAD_MODE");
            case 12:
                n.put("ref_audio_url", "file:/etc/passwd");
                return dead(id, bytes(n), "REF_AUDIO_FORBIDDEN");
            case 13:
                n.put("ref_audio_url", "file:" + voiceDir + "/../../etc/passwd");
                return dead(id, bytes(n), "REF_AUDIO_FORBIDDEN");
            case 14:
                n.put("text", "行长来了").put("pinyin", "xyz2");
                return dead(id, bytes(n), "UNKNOWN_PINYIN");
            case 15:
                n.put("user_id", -3);
                return dead(id, bytes(n), "BAD_USER_ID");
            case 16:
                n.put("submitted_at", "yesterday");
                return dead(id, bytes(n), "BAD_TIMESTAMP");
            case 17:
                n.put("text", "   ");
                return dead(id, bytes(n), "TEXT_EMPTY");
            case 18:
                n.put("ref_audio_url", "file:" + voiceDir.resolve("missing.wav"));
                return new GeneratedRequest(id, bytes(n), "rejected", "REF_AUDIO_NOT_FOUND", false);
            default:
                // by the id, not the random stream, so the other kinds' sequence stays as it was
                boolean noisy = (id.hashCode() & 1) == 1;
                n.put("ref_audio_url", "file:" + voiceDir.resolve(noisy ? "noisy.wav" : "short.wav"));
                return new GeneratedRequest(id, bytes(n), "rejected", noisy ? "REF_AUDIO_NOISY" : "REF_AUDIO_TOO_SHORT", false);
        }
    }

    private ObjectNode base(String id) {
        ObjectNode n = JSON.createObjectNode();
        n.put("request_id", id);
        n.put("user_id", 1 + random.nextInt(20));
        n.put("text", pick(TEXTS));
        n.put("ref_audio_url", "file:" + voice(random.nextInt(VOICES)));
        Instant eventTime = eventTimeBase == null ? Instant.now()
                : eventTimeBase.minusMillis((long) (random.nextDouble() * eventTimeSpreadMs));
        n.put("submitted_at", eventTime.toString());
        return n;
    }

    private static GeneratedRequest dead(String id, byte[] payload, String code) {
        return new GeneratedRequest(id, payload, "rejected", code, true);
    }

    private Path voice(int v) {
        return voiceDir.resolve("voice-" + v + ".wav");
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
