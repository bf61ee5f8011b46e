package org.ttsaudit.cli;

import org.ttsaudit.pipeline.testing.Rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.cli.summary.AnalystQueries;
import org.ttsaudit.pipeline.audit.ToAuditRecord;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.security.RefKeySource;
import org.ttsaudit.pipeline.security.RefVault;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * Least privilege and encryption at rest on a real server with the migrations and sql/roles.sql
 * applied: rows written by the job's masking step as the writer; what the writer, the analyst and
 * the auditor may and may not do; and {@code ./tts decrypt-ref} reading a reference back, also
 * after a key rotation.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class SecurityITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final Path BASE = Path.of("target", "it-security");
    private static final String ALICE = "file:/srv/voices/alice.wav";
    private static final String BOB = "https://cdn.example.com/voices/bob.wav";
    private static final byte[] K1 = RefVault.newKey();
    private static final byte[] K2 = RefVault.newKey();
    private static EmbeddedDatabase mysql;
    private static Path keysK1;
    private static Path keysRotated;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        Path keys = Files.createDirectories(BASE.resolve("keys"));
        keysK1 = Files.writeString(keys.resolve("k1.key"), base64(K1));
        keysRotated = Files.writeString(keys.resolve("rotated.keys"), "k1=" + base64(K1) + "\nk2=" + base64(K2) + "\n");
        mysql = kind.start(BASE.resolve(kind.name().toLowerCase()));
        Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
        mysql.grantRoles();
        ToAuditRecord beforeRotation = step(keysK1, "k1");
        ToAuditRecord afterRotation = step(keysRotated, "k2");
        try (Connection writer = mysql.connection(EmbeddedDatabase.WRITER)) {
            upsert(writer, beforeRotation.map(result("sec-1", ALICE, "今天天气很好")));
            upsert(writer, beforeRotation.map(result("sec-2", "file:///srv/voices/./alice.wav", "明天见")));
            upsert(writer, afterRotation.map(result("sec-3", BOB, "天气预报")));
            upsert(writer, afterRotation.map(result("sec-1", ALICE, "今天天气很好")));
        }
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void writerUpsertsTheJobsRowsButCannotDeleteDropOrReadOtherTables() throws Exception {
        try (Connection writer = mysql.connection(EmbeddedDatabase.WRITER); Statement s = writer.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM tts_generation_log WHERE request_id LIKE 'sec-%'"))
                    .as("the replayed sec-1 updated its row").isEqualTo(3);
            assertThat(count(s, "SELECT COUNT(*) FROM tts_failure_metrics")).isZero();
            assertDenied(s, "DELETE FROM tts_generation_log WHERE request_id = 'sec-1'");
            assertDenied(s, "DROP TABLE tts_generation_log");
            assertDenied(s, "TRUNCATE TABLE tts_generation_log");
            assertDenied(s, "ALTER TABLE tts_generation_log ADD COLUMN x INT");
            assertDenied(s, "CREATE TABLE tts_other (id INT)");
            assertDenied(s, "SELECT COUNT(*) FROM flyway_schema_history");
            assertDenied(s, "UPDATE flyway_schema_history SET success = 0");
        }
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM tts_generation_log WHERE request_id = 'sec-1'")).isEqualTo(1);
        }
    }

    @Test
    void analystReadsTheLogAndTheAggregatesButNeverTheReferenceUrl() throws Exception {
        try (Connection analyst = mysql.connection(EmbeddedDatabase.ANALYST); Statement s = analyst.createStatement()) {
            assertDenied(s, "SELECT ref_audio_url FROM tts_generation_log");
            assertDenied(s, "SELECT * FROM tts_generation_log");
            assertDenied(s, "SELECT COUNT(*) FROM tts_generation_log WHERE ref_audio_url LIKE 'v1:%'");
            assertThatThrownBy(() -> s.execute("SELECT ref_audio_url FROM tts_generation_log_analyst"))
                    .hasMessageContaining("Unknown column 'ref_audio_url'");
            assertDenied(s, "UPDATE tts_generation_log SET status = 'success'");
            assertDenied(s, "INSERT INTO tts_failure_metrics (window_start, mode) VALUES (NOW(), 'free')");

            // the same voice, written as file:/srv/voices/alice.wav and file:///srv/voices/./alice.wav, is one group
            List<Long> perVoice = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT ref_audio_hash, COUNT(*) FROM tts_generation_log_analyst "
                    + "WHERE request_id LIKE 'sec-%' GROUP BY ref_audio_hash ORDER BY COUNT(*) DESC")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).matches("[0-9a-f]{64}");
                    perVoice.add(rs.getLong(2));
                }
            }
            assertThat(perVoice).containsExactly(2L, 1L);
            assertThat(count(s, "SELECT COUNT(*) FROM tts_emotion_metrics")).isZero();
            assertThat(count(s, "SELECT COUNT(*) FROM tts_error_metrics")).isZero();
            assertThat(AnalystQueries.run(analyst, AnalystQueries.KEYWORD_SEARCH, "天气").rows())
                    .extracting(r -> r.get(0)).containsExactlyInAnyOrder("sec-1", "sec-3");
            assertThat(AnalystQueries.run(analyst, AnalystQueries.DAILY_FAILURE_RATE).rows()).isNotEmpty();
            assertThat(AnalystQueries.run(analyst, AnalystQueries.USER_RECENT_REQUESTS, 7L).rows()).hasSize(3);
            assertThat(AnalystQueries.run(analyst, AnalystQueries.TOP_EMOTION_DESCRIPTIONS).rows()).isEmpty();
        }
    }

    @Test
    void analystViewAndColumnGrantsCoverEveryColumnOfTheLogButTheReferenceUrl() throws Exception {
        List<String> all;
        List<String> view;
        try (Connection admin = mysql.adminConnection()) {
            all = columns(admin, "tts_generation_log");
            view = columns(admin, "tts_generation_log_analyst");
        }
        List<String> granted;
        try (Connection analyst = mysql.connection(EmbeddedDatabase.ANALYST)) {
            granted = columns(analyst, "tts_generation_log");
        }
        List<String> expected = new ArrayList<>(all);
        expected.remove("ref_audio_url");

        assertThat(all).contains("ref_audio_url", "ref_audio_hash");
        assertThat(view).as("a column added to the log must be added to the view, or left out on purpose")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(granted).as("columns of the log the analyst role may read (sql/roles.sql)")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void storedReferenceIsATokenThatOnlyTheAuditorWithTheKeyCanReadBack() throws Exception {
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, ref_audio_url FROM tts_generation_log "
                     + "WHERE request_id LIKE 'sec-%' ORDER BY request_id")) {
            List<String> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(rs.getString(2));
            }
            assertThat(tokens).hasSize(3).allSatisfy(t -> assertThat(t).startsWith("v1:").doesNotContain("voices", "alice", "bob"));
            assertThat(tokens.get(0)).as("sec-1 was rewritten after the rotation").startsWith("v1:k2:");
            assertThat(tokens.get(1)).startsWith("v1:k1:");
        }

        assertThat(DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysRotated, "k2"), "sec-1")).isEqualTo(ALICE);
        assertThat(DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysRotated, "k2"), "sec-2"))
                .as("a row written before the rotation").isEqualTo("file:///srv/voices/./alice.wav");
        assertThat(DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysRotated, "k2"), "sec-3")).isEqualTo(BOB);
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysK1, "k1"), "sec-3"))
                .hasMessageContaining("key 'k2', which is not configured");
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.ANALYST, keysRotated, "k2"), "sec-1"))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysRotated, "k2"), "nope"))
                .hasMessageContaining("no row of tts_generation_log has request_id 'nope'");
    }

    private static ToAuditRecord step(Path keyFile, String keyId) {
        ToAuditRecord step = new ToAuditRecord(new RefKeySource(keyId, "k1", keyFile.toString()));
        step.open(DefaultOpenContext.INSTANCE);
        return step;
    }

    private static SynthesisResult result(String id, String refUrl, String text) {
        TtsRequest q = new TtsRequest();
        q.requestId = id;
        q.userId = 7L;
        q.text = text;
        q.refAudioUrl = refUrl;
        q.mode = "free";
        q.eventTime = System.currentTimeMillis();
        SynthesisResult r = SynthesisResult.of(q, Status.SUCCESS, null, null);
        r.outputAudioUrl = "file:/srv/audio/" + id + ".wav";
        return r;
    }

    private static void upsert(Connection c, AuditRecord record) throws SQLException {
        Rows.upsert(c, AuditLogTable.upsert(), record);
    }

    private static Configuration config(String user, Path keyFile, String keyId) {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, mysql.url());
        config.set(TtsOptions.MYSQL_USER, user);
        config.set(TtsOptions.MYSQL_PASSWORD, mysql.password(user));
        config.set(TtsOptions.REF_KEY_FILE, keyFile.toString());
        config.set(TtsOptions.REF_KEY_ID, keyId);
        config.set(TtsOptions.REF_HASH_KEY_ID, "k1");
        return config;
    }

    /** The columns of a table or view this connection's user may see. */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getMessage()).contains("denied"));
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
