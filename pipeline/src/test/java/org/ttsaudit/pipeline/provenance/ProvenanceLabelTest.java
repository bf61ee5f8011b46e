package org.ttsaudit.pipeline.provenance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel.Outcome;
import org.ttsaudit.pipeline.security.RefVault;

class ProvenanceLabelTest {
    private static final int RATE = 22050;
    private static final byte[] K1 = RefVault.newKey();
    private static final byte[] K2 = RefVault.newKey();
    private static final ProvenanceLabel LABELS = labeller(Map.of("k1", K1), "k1");
    private static final byte[] CLIP = Wav.encodePcm16(VoiceClips.voice(1, 0.5, RATE), RATE);
    private static final byte[] OTHER_CLIP = Wav.encodePcm16(VoiceClips.voice(2, 0.5, RATE), RATE);

    @Test
    void shouldWriteTheStandardsFieldsInTheInfoCommentAndVerifyThem() throws Exception {
        byte[] signed = LABELS.sign(CLIP, "req-0001");

        Map<String, String> info = Wav.info(signed);
        assertThat(info.get("ICMT")).startsWith("{\"AIGC\":{\"Label\":\"1\",\"ContentProducer\":\"provider-7\","
                + "\"ProduceID\":\"req-0001\",\"ReservedCode1\":\"hmac-sha256:k1:")
                .endsWith("\",\"ContentPropagator\":\"\",\"PropagateID\":\"\",\"ReservedCode2\":\"\"}}");
        assertThat(info.get("ISFT")).isEqualTo("tts-audit (Provider Seven)");
        ProvenanceLabel.Verification v = LABELS.verify(signed);
        assertThat(v.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(v.keyId()).isEqualTo("k1");
        assertThat(v.fields().produceId()).isEqualTo("req-0001");
        assertThat(v.fields().label()).isEqualTo(ProvenanceLabel.GENERATED);
    }

    @Test
    void shouldLeaveTheAudioAsItWas() throws Exception {
        byte[] signed = LABELS.sign(CLIP, "req-0001");

        Wav.Chunk before = Wav.data(CLIP);
        Wav.Chunk after = Wav.data(signed);
        assertThat(after.length()).isEqualTo(before.length());
        assertThat(after.offset()).isGreaterThan(44); // the label sits before the samples
        assertThat(Wav.decode(signed).samples()).containsExactly(Wav.decode(CLIP).samples());
        assertThat(Wav.decode(signed).sampleRate()).isEqualTo(RATE);
    }

    @Test
    void shouldDetectAnEditedRequestId() throws Exception {
        byte[] forged = replace(LABELS.sign(CLIP, "req-0001"), "req-0001", "req-0002");

        assertThat(ProvenanceLabel.read(forged).orElseThrow().produceId()).isEqualTo("req-0002");
        assertThat(LABELS.verify(forged).outcome()).isEqualTo(Outcome.ALTERED);
    }

    @Test
    void shouldDetectAnEditedLabelValueAndProducer() throws Exception {
        byte[] signed = LABELS.sign(CLIP, "req-0001");

        assertThat(LABELS.verify(replace(signed, "\"Label\":\"1\"", "\"Label\":\"0\"")).outcome()).isEqualTo(Outcome.ALTERED);
        assertThat(LABELS.verify(replace(signed, "provider-7", "provider-8")).outcome()).isEqualTo(Outcome.ALTERED);
    }

    @Test
    void shouldDetectChangedSamples() throws Exception {
        byte[] signed = LABELS.sign(CLIP, "req-0001");
        Wav.Chunk data = Wav.data(signed);
        signed[data.offset() + data.length() / 2] ^= 1; // one bit of one sample

        assertThat(LABELS.verify(signed).outcome()).isEqualTo(Outcome.ALTERED);
    }

    @Test
    void shouldDetectALabelCopiedOntoAnotherClip() throws Exception {
        Map<String, String> stolen = new LinkedHashMap<>(Wav.info(LABELS.sign(CLIP, "req-0001")));
        byte[] copied = Wav.withInfo(OTHER_CLIP, stolen);

        assertThat(ProvenanceLabel.read(copied).orElseThrow().produceId()).isEqualTo("req-0001");
        assertThat(LABELS.verify(copied).outcome()).isEqualTo(Outcome.ALTERED);
    }

    @Test
    void shouldNameAKeyItDoesNotHave() throws Exception {
        byte[] signedWithK2 = labeller(Map.of("k2", K2), "k2").sign(CLIP, "req-0001");

        ProvenanceLabel.Verification v = LABELS.verify(signedWithK2);
        assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
        assertThat(v.keyId()).isEqualTo("k2");
        assertThat(v.fields().produceId()).isEqualTo("req-0001");
    }

    @Test
    void shouldVerifyClipsSignedBeforeARotationWhileTheOldKeyIsConfigured() throws Exception {
        byte[] old = LABELS.sign(CLIP, "req-0001");
        ProvenanceLabel rotated = labeller(Map.of("k1", K1, "k2", K2), "k2");

        assertThat(rotated.verify(old).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(rotated.verify(rotated.sign(CLIP, "req-0002")).keyId()).isEqualTo("k2");
    }

    @Test
    void shouldNotVerifyUnderAnotherKeyWithTheSameId() throws Exception {
        byte[] signed = LABELS.sign(CLIP, "req-0001");

        assertThat(labeller(Map.of("k1", K2), "k1").verify(signed).outcome()).isEqualTo(Outcome.ALTERED);
    }

    @Test
    void shouldFindNoLabelOnAPlainClipOrAForeignComment() throws Exception {
        assertThat(LABELS.verify(CLIP).outcome()).isEqualTo(Outcome.NO_LABEL);
        assertThat(LABELS.verify(Wav.withInfo(CLIP, Map.of("ICMT", "recorded in studio 2"))).outcome())
                .isEqualTo(Outcome.NO_LABEL);
    }

    @Test
    void shouldNameTheProviderByItsCodeWhenOneIsConfigured(@TempDir Path dir) throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_KEY_FILE, Files.writeString(dir.resolve("k"), Base64.getEncoder().encodeToString(K1)).toString());
        config.set(TtsOptions.LABEL_PROVIDER_NAME, "Example Speech Co.");
        byte[] byName = ProvenanceLabel.source(config).open().sign(CLIP, "req-0001");
        config.set(TtsOptions.LABEL_PROVIDER_CODE, "91110000XXXX");
        byte[] byCode = ProvenanceLabel.source(config).open().sign(CLIP, "req-0001");

        assertThat(ProvenanceLabel.read(byName).orElseThrow().contentProducer()).isEqualTo("Example Speech Co.");
        assertThat(ProvenanceLabel.read(byCode).orElseThrow().contentProducer()).isEqualTo("91110000XXXX");
        assertThat(Wav.info(byCode).get("ISFT")).contains("Example Speech Co.");
        assertThat(LABELS.verify(byCode).outcome()).as("signed with k1 from the key file").isEqualTo(Outcome.VERIFIED);
    }

    private static ProvenanceLabel labeller(Map<String, byte[]> keys, String current) {
        return new ProvenanceLabel(new RefVault(keys, current, current), "provider-7", "tts-audit (Provider Seven)");
    }

    /** The clip with one string of its label replaced by another of the same length, as a hex editor would. */
    private static byte[] replace(byte[] wav, String from, String to) {
        String latin = new String(wav, ISO_8859_1);
        int at = latin.indexOf(new String(from.getBytes(UTF_8), ISO_8859_1));
        assertThat(at).isNotNegative();
        byte[] out = wav.clone();
        System.arraycopy(to.getBytes(UTF_8), 0, out, at, to.getBytes(UTF_8).length);
        return out;
    }
}
