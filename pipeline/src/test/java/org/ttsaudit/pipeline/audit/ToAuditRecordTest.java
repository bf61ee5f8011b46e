package org.ttsaudit.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.security.RefKeySource;
import org.ttsaudit.pipeline.security.RefVault;
import org.ttsaudit.pipeline.sinks.ResultSerializer;

class ToAuditRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path secrets;
    private static Path keyFile;
    private ToAuditRecord step;

    @BeforeAll
    static void writeKey() throws Exception {
        keyFile = Files.writeString(secrets.resolve("ref.key"), Base64.getEncoder().encodeToString(RefVault.newKey()));
    }

    @BeforeEach
    void openStep() {
        step = new ToAuditRecord(new RefKeySource("k1", "k1", keyFile.toString()));
        step.open(DefaultOpenContext.INSTANCE);
    }

    @Test
    void shouldMaskPersonalDataInEveryFreeTextFieldAndCountIt() throws Exception {
        TtsRequest q = request();
        q.text = "请回电13812345678，或发邮件到 li.si@example.com";
        q.pinyin = "qing3 13912345678";
        q.emotionDesc = "温柔地 13712345678";
        SynthesisResult result = SynthesisResult.of(q, Status.REJECTED, "UNKNOWN_PINYIN",
                "pinyin syllable 2 '13612345678' is not a Mandarin syllable");

        AuditRecord a = step.map(result);

        assertThat(a.textInput).isEqualTo("请回电*******5678，或发邮件到 l***@example.com");
        assertThat(a.pinyinInput).isEqualTo("qing3 *******5678");
        assertThat(a.emotionDesc).isEqualTo("温柔地 *******5678");
        assertThat(a.errorMessage).isEqualTo("pinyin syllable 2 '*******5678' is not a Mandarin syllable");
        JsonNode counts = JSON.readTree(a.maskCounts);
        assertThat(counts.size()).isEqualTo(2);
        assertThat(counts.get("mobile").asInt()).isEqualTo(4);
        assertThat(counts.get("email").asInt()).isEqualTo(1);
    }

    @Test
    void shouldFlagRiskFromTheRawTextAndKeepOnlyRuleIdsAndCategories() throws Exception {
        TtsRequest q = request();
        q.text = "请马上转账到安全账户6222021001123450，联系13812345678";
        q.emotionDesc = "威胁地说：我要杀了你";

        AuditRecord a = step.map(SynthesisResult.of(q, Status.SUCCESS, null, null));
        String result = new String(new ResultSerializer("tts.results").serialize(a, null, 0L).value(), StandardCharsets.UTF_8);

        assertThat(a.riskFlags).isEqualTo("{\"fraud\":[\"fraud-safe-account\",\"fraud-transfer-now\"],"
                + "\"violence\":[\"violence-kill-zh\"]}");
        assertThat(a.textInput).doesNotContain("13812345678");
        assertThat(JSON.readTree(result).get("risk_flags")).isEqualTo(JSON.readTree(a.riskFlags));
        assertThat(result).doesNotContain("转账", "安全账户", "杀了你");
    }

    @Test
    void shouldLeaveRiskFlagsEmptyForOrdinaryText() throws Exception {
        AuditRecord a = step.map(SynthesisResult.of(request(), Status.SUCCESS, null, null));
        byte[] result = new ResultSerializer("tts.results").serialize(a, null, 0L).value();

        assertThat(a.riskFlags).isNull();
        assertThat(JSON.readTree(result).get("risk_flags").isNull()).isTrue();
    }

    @Test
    void shouldEncryptTheReferenceUrlAndHashItsNormalizedForm() {
        TtsRequest q = request();
        q.refAudioUrl = "file:/refs/13512345678.wav";
        TtsRequest sameClip = request();
        sameClip.refAudioUrl = "file:///refs/./13512345678.wav";
        TtsRequest otherClip = request();
        otherClip.refAudioUrl = "file:/refs/bob.wav";

        AuditRecord a = step.map(SynthesisResult.of(q, Status.SUCCESS, null, null));
        AuditRecord same = step.map(SynthesisResult.of(sameClip, Status.SUCCESS, null, null));
        AuditRecord other = step.map(SynthesisResult.of(otherClip, Status.SUCCESS, null, null));

        assertThat(a.refAudioUrl).startsWith("v1:k1:").doesNotContain("file:", "13512345678");
        assertThat(new RefKeySource("k1", "k1", keyFile.toString()).open().decrypt(a.refAudioUrl))
                .isEqualTo("file:/refs/13512345678.wav");
        assertThat(a.refAudioHash).matches("[0-9a-f]{64}").isEqualTo(same.refAudioHash).isNotEqualTo(other.refAudioHash);
        assertThat(a.maskCounts).isEqualTo("{}");
    }

    @Test
    void shouldKeepThePlainReferenceOffTheResultsTopic() throws Exception {
        TtsRequest q = request();
        q.refAudioUrl = "https://cdn.example.com/voices/alice.wav";

        AuditRecord a = step.map(SynthesisResult.of(q, Status.SUCCESS, null, null));
        byte[] result = new ResultSerializer("tts.results").serialize(a, null, 0L).value();

        assertThat(new String(result, StandardCharsets.UTF_8)).contains("req-1").doesNotContain("cdn.example.com", "alice");
    }

    @Test
    void shouldLeaveBothReferenceColumnsEmptyWhenTheRequestHadNoUrl() {
        TtsRequest q = request();
        q.refAudioUrl = null;

        AuditRecord a = step.map(SynthesisResult.of(q, Status.REJECTED, "MISSING_FIELD", "ref_audio_url is required"));

        assertThat(a.refAudioUrl).isNull();
        assertThat(a.refAudioHash).isNull();
    }

    @Test
    void shouldRefuseToBuildTheStepWithoutAKey() {
        assumeTrue(System.getenv(RefKeySource.ENV) == null, "TTS_REF_KEY is set in this environment");

        assertThatThrownBy(() -> ToAuditRecord.from(new Configuration()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTS_REF_KEY");
    }

    @Test
    void shouldReportNoMaskedItemsAsAnEmptyJsonObject() throws Exception {
        AuditRecord a = step.map(SynthesisResult.of(request(), Status.SUCCESS, null, null));

        assertThat(JSON.readTree(a.maskCounts).isObject()).isTrue();
        assertThat(JSON.readTree(a.maskCounts).size()).isZero();
        assertThat(a.textInput).isEqualTo("你好");
        assertThat(a.errorMessage).isNull();
    }

    @Test
    void shouldWriteTheEmotionVectorUsedAsAJsonArrayOfEightNumbers() throws Exception {
        TtsRequest q = request();
        q.emotionVector = new float[] {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        SynthesisResult result = SynthesisResult.of(q, Status.SUCCESS, null, null);
        result.emotionVectorUsed = new float[] {0f, 0.6f, 0f, 0f, 0f, 0f, 0f, 0.12345f};

        JsonNode vector = JSON.readTree(step.map(result).emotionVector);

        assertThat(vector.isArray()).isTrue();
        assertThat(vector.size()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(vector.get(i).isNumber()).isTrue();
            assertThat(vector.get(i).asDouble()).isCloseTo(result.emotionVectorUsed[i], within(1e-4));
        }
    }

    @Test
    void shouldFallBackToTheRequestedVectorWhenNoneWasUsed() throws Exception {
        TtsRequest q = request();
        AuditRecord none = step.map(SynthesisResult.of(q, Status.REJECTED, "REF_AUDIO_SILENT", "silent"));
        q.emotionVector = new float[] {0f, 0f, 0.5f, 0f, 0f, 0f, 0f, 0f};
        AuditRecord requested = step.map(SynthesisResult.of(q, Status.REJECTED, "REF_AUDIO_SILENT", "silent"));

        assertThat(none.emotionVector).isNull();
        assertThat(JSON.readTree(requested.emotionVector).get(2).asDouble()).isEqualTo(0.5);
    }

    @Test
    void shouldCarryOverTheOutcomeTimingsAndCoordinates() {
        TtsRequest q = request();
        q.mode = "controlled";
        q.targetDurationMs = 1500;
        q.emotionIntensity = 0.5f;
        SynthesisResult r = SynthesisResult.of(q, Status.FAILED, "STORAGE_ERROR", "audio could not be written");
        r.outputAudioUrl = "file:/store/2026-01-31/req-1.wav";
        r.queueMs = 11L;
        r.inferenceMs = 222L;
        r.totalMs = 333L;
        r.realTimeFactor = 0.148;
        r.requestedDurationMs = 1500;
        r.achievedDurationMs = 1498;
        r.device = "cpu";
        r.modelVersion = "tts-synth-tiny@1.0.0";
        r.batchSize = 4;
        r.refAudioDurationMs = 2000;
        r.refAudioRmsDbfs = -18.5;
        r.finishedAt = 1_769_846_400_999L;

        AuditRecord a = step.map(r);

        assertThat(a.requestId).isEqualTo("req-1");
        assertThat(a.userId).isEqualTo(7L);
        assertThat(a.status).isEqualTo("failed");
        assertThat(a.errorCode).isEqualTo("STORAGE_ERROR");
        assertThat(a.errorMessage).isEqualTo("audio could not be written");
        assertThat(a.mode).isEqualTo("controlled");
        assertThat(a.targetDurationMs).isEqualTo(1500);
        assertThat(a.emotionIntensity).isEqualTo(0.5f);
        assertThat(a.outputAudioUrl).isEqualTo("file:/store/2026-01-31/req-1.wav");
        assertThat(new Object[] {a.queueMs, a.inferenceMs, a.totalMs, a.realTimeFactor, a.requestedDurationMs,
            a.achievedDurationMs, a.device, a.modelVersion, a.batchSize, a.refAudioDurationMs, a.refAudioRmsDbfs})
                .containsExactly(11L, 222L, 333L, 0.148, 1500, 1498, "cpu", "tts-synth-tiny@1.0.0", 4, 2000, -18.5);
        assertThat(a.eventTime).isEqualTo(1_769_846_400_000L);
        assertThat(a.createdAt).isEqualTo(1_769_846_400_999L);
        assertThat(a.sourceTopic).isEqualTo("tts.requests");
        assertThat(a.sourcePartition).isEqualTo(3);
        assertThat(a.sourceOffset).isEqualTo(42L);
    }

    @Test
    void shouldKeepALongErrorMessageWithinItsColumn() {
        SynthesisResult r = SynthesisResult.of(request(), Status.FAILED, "INFERENCE_ERROR", "x".repeat(5000));

        assertThat(step.map(r).errorMessage).as("error_message is VARCHAR(1024)").hasSizeLessThanOrEqualTo(1024).startsWith("xxx");
    }

    private static TtsRequest request() {
        TtsRequest q = new TtsRequest();
        q.requestId = "req-1";
        q.userId = 7L;
        q.text = "你好";
        q.refAudioUrl = "file:/refs/alice.wav";
        q.mode = "free";
        q.emotionIntensity = 1.0f;
        q.eventTime = 1_769_846_400_000L;
        q.sourceTopic = "tts.requests";
        q.sourcePartition = 3;
        q.sourceOffset = 42;
        return q;
    }
}
