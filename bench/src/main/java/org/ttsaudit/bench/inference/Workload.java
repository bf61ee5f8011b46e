package org.ttsaudit.bench.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.security.RefVault;

/**
 * The inference suite's requests: valid Chinese sentences of 6 to 20 characters (1.4 to 4.6 s of
 * audio at the bundled model's 200 ms a syllable), four reference voices, emotions by description,
 * free duration. The same list feeds the raw ONNX Runtime baseline and the operator.
 */
final class Workload {
    static final int SAMPLE_RATE = 22050;
    static final int VOICES = 4;
    /** The longest text a request may have (limits.max-text-chars). */
    static final int LONG_TEXT_CHARS = 5000;
    private static final String[] TEXTS = {
        "今天天气很好。", "欢迎使用语音合成服务。", "请在三点之前把报告发给我。", "会议改到明天上午十点，请准时参加。",
        "这段音频由流式管道生成。", "列车即将进站，请站在黄线以内。", "感谢您的耐心等待。", "本店周末全场八折，欢迎光临。",
        "天气预报说下午有雷阵雨，出门记得带伞。", "小朋友们，故事时间到了。", "您的包裹已经送达，请及时领取。", "祝你生日快乐！"
    };
    private static final String[] EMOTIONS = {"开心", "非常愤怒地质问", "有点难过", "平静", "very surprised", null};

    final Path voiceDir;
    final Path audioDir;
    /** The key the stored clips' labels are signed with, as the job signs them. */
    final Path keyFile;

    Workload(Path workDir) throws IOException {
        this.voiceDir = workDir.resolve("voices");
        this.audioDir = workDir.resolve("audio");
        this.keyFile = workDir.resolve("ref-audio.key");
        Files.createDirectories(voiceDir);
        Files.createDirectories(audioDir);
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(RefVault.newKey()));
        for (int v = 0; v < VOICES; v++) {
            Files.write(voice(v), VoiceClips.wav(2000 + v, 4.0, SAMPLE_RATE));
        }
    }

    Path voice(int v) {
        return voiceDir.resolve("voice-" + v + ".wav");
    }

    static int voiceOf(int request) {
        return request % VOICES;
    }

    /** Request i of the workload; the same i always gives the same request. */
    TtsRequest request(int i) {
        TtsRequest r = new TtsRequest();
        r.requestId = "inference-" + i;
        r.userId = 1L + i % 20;
        r.text = TEXTS[i % TEXTS.length];
        r.refAudioUrl = "file:" + voice(voiceOf(i)).toAbsolutePath();
        r.emotionDesc = EMOTIONS[i % EMOTIONS.length];
        r.emotionIntensity = 1f;
        r.mode = "free";
        r.eventTime = System.currentTimeMillis();
        r.sourceTopic = "bench";
        r.sourceOffset = i;
        return r;
    }

    List<TtsRequest> requests(int count) {
        List<TtsRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(request(i));
        }
        return out;
    }

    /**
     * {@code count} requests with a {@code longChars}-character one (the workload's sentences run
     * together) at every {@code longEvery}-th place, so short requests keep arriving while long ones run.
     */
    List<TtsRequest> mixed(int count, int longEvery, int longChars) {
        List<TtsRequest> out = requests(count);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < longChars; i++) {
            text.append(TEXTS[i % TEXTS.length]);
        }
        for (int i = 0; i < count; i += longEvery) {
            out.get(i).text = text.substring(0, longChars);
        }
        return out;
    }

    /** The job's synthesis settings for this workload: bundled models on CPU, a local audio store, a label key. */
    Configuration config() {
        Configuration config = new Configuration();
        config.set(TtsOptions.INFERENCE_DEVICE, "cpu");
        config.set(TtsOptions.AUDIO_STORE, audioDir.toUri().toString());
        config.set(TtsOptions.REF_FILE_ROOT, voiceDir.toAbsolutePath().toString());
        config.set(TtsOptions.REF_KEY_FILE, keyFile.toString());
        return config;
    }
}
