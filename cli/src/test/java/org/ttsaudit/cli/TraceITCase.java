package org.ttsaudit.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.models.watermark.Resampler;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.workflow.JobRun;
import org.ttsaudit.pipeline.workflow.TtsJob;
import org.ttsaudit.testing.EmbeddedDatabase;

/**
 * {@code ./tts trace} end to end: requests through the running job, a stored clip copied under
 * another name to another directory, and traced back to its request and audit row; the access row
 * it leaves; refusals without a reason, and clips whose label is missing or was altered.
 */
class TraceITCase {
    private static final Path BASE = Path.of("target", "it-trace");
    private static final String REASON = "ticket 77: a clip posted online";
    private static LocalStack stack;
    private static JobRun run;
    /** The first request's clip, as a user would pass it on: renamed, elsewhere. */
    private static Path copy;

    @BeforeAll
    static void synthesize() throws Exception {
        stack = LocalStack.start(BASE.resolve("stack"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
        run = JobRun.create(stack, "trace");
        // the audible cue too: the watermark and the label cover it, and the row says where it is
        run.config.set(TtsOptions.LABEL_EXPLICIT, "start");
        JobClient job = TtsJob.start(run.config);
        try {
            run.send(List.of(run.valid("trace-1"), run.valid("trace-2")));
            assertThat(run.awaitRows(2)).isEqualTo(2);
        } finally {
            job.cancel().get();
        }
        Path stored = Path.of(URI.create(outputUrl("trace-1")));
        copy = Files.copy(stored, Files.createDirectories(BASE.resolve("downloads")).resolve("voice message (1).wav"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void shouldTraceACopiedClipToItsRequestAndAuditRowAndRecordTheRead() throws Exception {
        long before = lastAccessId();

        Traced t = trace(copy, config(EmbeddedDatabase.AUDITOR), REASON);

        assertThat(t.exit).isZero();
        assertThat(t.out).contains("request_id: trace-1\n", "mac: verified (key k1)", "label: 1 (AI-generated)",
                "provider: tts-audit", "audit row (tts_generation_log):", "  status: success", "  text_input: 你好，欢迎使用。",
                "  output_audio_url: " + outputUrl("trace-1"), "  device: ", "  model_version: ", "  explicit_label: start\n");
        assertThat(t.out).doesNotContain("ref_audio_url", "trace-2");
        try (Connection c = stack.mysql.adminConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT action, request_id, reason, db_user FROM tts_access_log WHERE access_id > ?")) {
            s.setLong(1, before);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("an access row").isTrue();
                assertThat(rs.getString(1)).isEqualTo("trace");
                assertThat(rs.getString(2)).isEqualTo("trace-1");
                assertThat(rs.getString(3)).isEqualTo(REASON);
                assertThat(rs.getString(4)).startsWith(EmbeddedDatabase.AUDITOR + "@");
                assertThat(rs.next()).as("one row").isFalse();
            }
        }
    }

    @Test
    void shouldRefuseToReadTheDatabaseWithoutAReason() throws Exception {
        long before = lastAccessId();
        for (String missing : new String[] {null, " "}) {
            assertThatThrownBy(() -> trace(copy, config(EmbeddedDatabase.AUDITOR), missing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace needs --reason TEXT");
        }
        assertThat(lastAccessId()).isEqualTo(before);
    }

    @Test
    void shouldShowNothingToAnAccountThatCannotRecordItsRead() throws Exception {
        long before = lastAccessId();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Trace.run(config(EmbeddedDatabase.ANALYST), copy, REASON, out))
                .isInstanceOf(SQLException.class).hasMessageContaining("tts_access_log");
        assertThat(lastAccessId()).isEqualTo(before);
    }

    @Test
    void shouldTraceTheRequestIdWithTheKeyAloneWithoutADatabase() throws Exception {
        Traced t = trace(copy, keyOnly(), null);

        assertThat(t.exit).isZero();
        assertThat(t.out).contains("request_id: trace-1\n", "mac: verified", "audit row: not read");
    }

    @Test
    void shouldRefuseAnAlteredLabelAndSayWhatItMeans() throws Exception {
        byte[] clip = Files.readAllBytes(copy);
        String latin = new String(clip, ISO_8859_1);
        byte[] forged = clip.clone();
        forged[latin.indexOf("\"ProduceID\":\"trace-1\"") + "\"ProduceID\":\"trace-".length()] = '2';
        Path file = Files.write(BASE.resolve("downloads").resolve("forged.wav"), forged);
        long before = lastAccessId();

        Traced t = trace(file, config(EmbeddedDatabase.AUDITOR), REASON);

        assertThat(t.exit).isEqualTo(Trace.NOT_VERIFIED);
        assertThat(t.out).contains("NOT verified", "claims request_id trace-2", "altered");
        // the samples still carry the watermark, which names the real request
        assertThat(t.out).contains("watermark: found (key k1", "request_id: trace-1\n", "audit row (tts_generation_log):");
        assertThat(t.out).doesNotContain("request_id: trace-2");
        assertThat(lastAccessId()).as("the row read was recorded").isGreaterThan(before);
    }

    /**
     * The clip as it comes back from the web: renamed, its metadata gone and resampled to 16 kHz
     * (a voice-message app's rate), so only the watermark in its samples is left.
     */
    @Test
    void shouldTraceARenamedAndResampledClipByItsWatermarkToItsAuditRow() throws Exception {
        Wav.Decoded decoded = Wav.decode(Files.readAllBytes(copy));
        Path resampled = Files.write(BASE.resolve("downloads").resolve("forwarded 16k.wav"),
                Wav.encodePcm16(Resampler.resample(decoded.samples(), decoded.sampleRate(), 16000), 16000));
        long before = lastAccessId();

        Traced t = trace(resampled, config(EmbeddedDatabase.AUDITOR), REASON);

        assertThat(t.exit).isZero();
        assertThat(t.out).contains("no provenance label", "watermark: found (key k1", "request_id: trace-1\n",
                "audit row (tts_generation_log):", "  status: success", "  output_audio_url: " + outputUrl("trace-1"));
        assertThat(t.out).doesNotContain("trace-2");
        assertThat(lastAccessId()).as("the row read was recorded").isGreaterThan(before);
        assertThat(trace(resampled, keyOnly(), null).out).as("without a database: what the mark says")
                .contains("watermark: found", "audit rows: not read");
    }

    @Test
    void shouldSayWhenAClipHasNeitherLabelNorWatermark() throws Exception {
        Path foreign = Files.write(BASE.resolve("downloads").resolve("someone else's.wav"),
                VoiceClips.wav(99, 4.0, 22050));

        Traced t = trace(foreign, keyOnly(), null);

        assertThat(t.exit).isEqualTo(Trace.NO_LABEL);
        assertThat(t.out).contains("no provenance label", "no watermark found either");
    }

    @Test
    void shouldSayWhenTheFileIsMissingOrNotAWav() {
        assertThatThrownBy(() -> trace(BASE.resolve("downloads").resolve("missing.wav"), keyOnly(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> trace(stack.refKeyFile(), keyOnly(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a WAV file");
    }

    private record Traced(int exit, String out) {}

    private static Traced trace(Path file, Configuration config, String reason) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Trace.run(config, file, reason, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Traced(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The stack's key and database, as {@code user}. */
    private static Configuration config(String user) {
        Configuration config = keyOnly();
        config.set(TtsOptions.MYSQL_URL, stack.mysql.url());
        config.set(TtsOptions.MYSQL_USER, user);
        config.set(TtsOptions.MYSQL_PASSWORD, stack.mysql.password(user));
        return config;
    }

    private static Configuration keyOnly() {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_KEY_FILE, stack.refKeyFile().toString());
        return config;
    }

    private static String outputUrl(String requestId) throws SQLException {
        try (Connection c = stack.mysql.adminConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT output_audio_url FROM tts_generation_log WHERE request_id = ? AND status = 'success'")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a stored clip of " + requestId).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static long lastAccessId() throws SQLException {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(access_id), 0) FROM tts_access_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
