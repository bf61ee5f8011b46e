package org.ttsaudit.bench.sink;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.ttsaudit.bench.masking.Corpus;
import org.ttsaudit.pipeline.audit.Masker;
import org.ttsaudit.pipeline.records.AuditRecord;

/**
 * Audit rows as the job writes them, made from their index so every contender writes the same
 * rows: masked Chinese text (the corpus through the real {@link Masker}), JSON emotion vectors and
 * mask counts, the three outcomes with their error codes, timings and source coordinates. Texts
 * and vectors come from small pools built once, so making a row costs next to nothing inside the
 * timed part.
 */
public final class AuditRows implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long BASE_TIME = Instant.parse("2026-01-31T08:00:00Z").toEpochMilli();
    private static final String[] EMOTIONS = {"开心", "非常愤怒地质问", "有点难过", "平静", "gently", "very surprised", null, null};

    private final String[] texts;
    private final String[] maskCounts;
    private final String[] vectors;

    public AuditRows() {
        List<String> raw = Corpus.texts(11, 256);
        Masker masker = new Masker();
        texts = new String[raw.size()];
        maskCounts = new String[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Integer> counts = Masker.newCounts();
            texts[i] = masker.mask(raw.get(i), counts);
            maskCounts[i] = counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
        SplittableRandom r = new SplittableRandom(5);
        vectors = new String[32];
        for (int v = 0; v < vectors.length; v++) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < 8; k++) {
                sb.append(k == 0 ? "" : ",").append(Math.round(r.nextDouble() * 1.2 * 10000) / 10000.0);
            }
            vectors[v] = sb.append(']').toString();
        }
    }

    public AuditRecord row(long i) {
        int k = (int) (i % texts.length);
        AuditRecord a = new AuditRecord();
        a.requestId = "bench-" + i;
        a.userId = 1 + (i * 7919) % 5000;
        a.textInput = texts[k];
        a.maskCounts = maskCounts[k];
        a.pinyinInput = i % 10 == 0 ? "hang2 zhang3" : null;
        a.refAudioUrl = "file:/srv/tts/voices/voice-" + (i % 40) + ".wav";
        a.emotionDesc = EMOTIONS[(int) (i % EMOTIONS.length)];
        a.emotionVector = vectors[(int) (i % vectors.length)];
        a.emotionIntensity = (i % 5) / 4f;
        a.mode = i % 4 == 0 ? "controlled" : "free";
        a.targetDurationRatio = i % 8 == 0 ? 1.25 : null;
        a.targetDurationMs = i % 8 == 4 ? 2400 : null;
        a.eventTime = BASE_TIME + i * 20;
        a.createdAt = a.eventTime + 300 + i % 200;
        a.sourceTopic = "tts.requests";
        a.sourcePartition = (int) (i % 2);
        a.sourceOffset = i / 2;
        a.device = "cpu";
        a.modelVersion = "tts-synth-tiny@1.0.0";
        if (i % 20 == 7) {
            a.status = "failed";
            a.errorCode = "INFERENCE_TIMEOUT";
            a.errorMessage = "synthesis did not finish within 60000 ms (inference.timeout-ms)";
            return a;
        }
        if (i % 10 == 3) {
            a.status = "rejected";
            a.errorCode = "REF_AUDIO_TOO_SHORT";
            a.errorMessage = "reference clip is 200 ms; give at least 500 ms of speech";
            return a;
        }
        a.status = "success";
        a.outputAudioUrl = "file:/srv/tts/audio/2026-01-31/bench-" + i + ".wav";
        a.queueMs = i % 25;
        a.inferenceMs = 40 + i % 60;
        a.totalMs = a.queueMs + a.inferenceMs + 5;
        a.achievedDurationMs = 1800 + (int) (i % 2000);
        a.requestedDurationMs = a.targetDurationMs;
        a.realTimeFactor = a.inferenceMs / (double) a.achievedDurationMs;
        a.batchSize = 1 + (int) (i % 16);
        a.refAudioDurationMs = 3000;
        a.refAudioRmsDbfs = -18.5 + (i % 7);
        a.refAudioSnrDb = 24.0 + (i % 11);
        return a;
    }
}
