package org.ttsaudit.pipeline.audit;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;
import org.ttsaudit.pipeline.risk.RiskScanner;
import org.ttsaudit.pipeline.security.RefKeySource;
import org.ttsaudit.pipeline.security.RefVault;

/**
 * The masking step: every outcome becomes an {@link AuditRecord} with its free-text fields
 * masked, its risk flags (from the raw text, before masking) and its reference URL encrypted, with
 * a keyed hash beside it. Nothing downstream of this
 * operator sees raw request text or a plain reference URL. The keys are read when the task opens,
 * from its own environment or mounted file; only where to find them travels with the job.
 */
public class ToAuditRecord extends RichMapFunction<SynthesisResult, AuditRecord> {
    private static final long serialVersionUID = 2L;
    private static final int MAX_ERROR_MESSAGE = 1000;
    private final RefKeySource keys;
    private final Masker masker;
    private final RiskScanner risk;
    private transient RefVault vault;

    /** Every built-in masking kind and the bundled risk rules. */
    public ToAuditRecord(RefKeySource keys) {
        this(keys, new Masker(), RiskScanner.from(new Configuration()));
    }

    public ToAuditRecord(RefKeySource keys, Masker masker, RiskScanner risk) {
        this.keys = keys;
        this.masker = masker;
        this.risk = risk;
    }

    /**
     * The step for this configuration, once its keys have been read and its rules checked: a job
     * without keys, or with a bad rules file, does not start.
     */
    public static ToAuditRecord from(Configuration config) {
        RefKeySource keys = RefKeySource.from(config);
        keys.open();
        return new ToAuditRecord(keys, Masker.from(config), RiskScanner.from(config));
    }

    @Override
    public void open(OpenContext context) {
        vault = keys.open();
    }

    @Override
    public AuditRecord map(SynthesisResult result) {
        TtsRequest q = result.request;
        Map<String, Integer> counts = Masker.newCounts();
        AuditRecord a = new AuditRecord();
        // Risk rules read the raw text, so this comes before masking; only rule ids and categories are kept.
        a.riskFlags = risk.flags(q.text, q.pinyin, q.emotionDesc);
        a.requestId = q.requestId;
        a.userId = q.userId;
        a.textInput = masker.mask(q.text, counts);
        a.pinyinInput = masker.mask(q.pinyin, counts);
        if (q.refAudioUrl != null) {
            a.refAudioUrl = vault.encrypt(q.refAudioUrl);
            a.refAudioHash = vault.hash(ReferencePolicy.normalize(q.refAudioUrl));
        }
        a.emotionDesc = masker.mask(q.emotionDesc, counts);
        a.emotionVector = json(result.emotionVectorUsed != null ? result.emotionVectorUsed : q.emotionVector);
        a.emotionIntensity = q.emotionIntensity;
        a.targetDurationRatio = q.targetDurationRatio;
        a.targetDurationMs = q.targetDurationMs;
        a.mode = q.mode;
        a.status = result.status;
        a.errorCode = result.errorCode;
        a.errorMessage = truncate(masker.mask(result.errorMessage, counts));
        a.outputAudioUrl = result.outputAudioUrl;
        a.eventTime = q.eventTime;
        a.createdAt = result.finishedAt;
        a.queueMs = result.queueMs;
        a.inferenceMs = result.inferenceMs;
        a.totalMs = result.totalMs;
        a.realTimeFactor = result.realTimeFactor;
        a.requestedDurationMs = result.requestedDurationMs;
        a.achievedDurationMs = result.achievedDurationMs;
        a.device = result.device;
        a.modelVersion = result.modelVersion;
        a.batchSize = result.batchSize;
        a.refAudioDurationMs = result.refAudioDurationMs;
        a.refAudioRmsDbfs = result.refAudioRmsDbfs;
        a.refAudioSnrDb = result.refAudioSnrDb;
        a.explicitLabel = result.explicitLabel;
        a.segments = result.segments;
        a.modelFormat = result.modelFormat;
        a.conditioningIgnored = result.conditioningIgnored;
        a.maskCounts = counts.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        a.sourceTopic = q.sourceTopic;
        a.sourcePartition = q.sourcePartition;
        a.sourceOffset = q.sourceOffset;
        return a;
    }

    static String json(float[] vector) {
        if (vector == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Math.round(vector[i] * 10000) / 10000.0);
        }
        return sb.append(']').toString();
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE);
    }
}
