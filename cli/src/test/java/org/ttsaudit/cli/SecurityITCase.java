package org.ttsaudit.cli;

import org.ttsaudit.pipeline.testing.Rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * the auditor may and may not do; {@code ./tts decrypt-ref} reading a reference back, also
 * after a key rotation, only with a reason; and the append-only access log it leaves.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class SecurityITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final Path BASE = Path.of("target", "it-security");
    private static final String ALICE = "file:/srv/voices/alice.wav";
    private static final String BOB = "https://cdn.example.com/voices/bob.wav";
    private static final String REASON = "ticket 123";
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

        assertThat(DecryptRef.decrypt(auditor(), "sec-1", REASON)).isEqualTo(ALICE);
        assertThat(DecryptRef.decrypt(auditor(), "sec-2", REASON))
                .as("a row written before the rotation").isEqualTo("file:///srv/voices/./alice.wav");
        assertThat(DecryptRef.decrypt(auditor(), "sec-3", REASON)).isEqualTo(BOB);
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysK1, "k1"), "sec-3", REASON))
                .hasMessageContaining("key 'k2', which is not configured");
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.ANALYST, keysRotated, "k2"), "sec-1", REASON))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DecryptRef.decrypt(auditor(), "nope", REASON))
                .hasMessageContaining("no row of tts_generation_log has request_id 'nope'");
    }

    @Test
    void decryptRefWithoutAReasonIsRefusedBeforeTheDatabaseOrTheKeyIsTouched() throws Exception {
        long before = accessRows();
        for (String missing : new String[] {null, "", " \t\n"}) {
            // an empty configuration (no database, no key): the refusal must come before either is needed
            assertThatThrownBy(() -> DecryptRef.decrypt(new Configuration(), "sec-1", missing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decrypt-ref needs --reason TEXT");
            assertThatThrownBy(() -> DecryptRef.decrypt(auditor(), "sec-1", missing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decrypt-ref needs --reason TEXT");
        }
        assertThat(accessRows()).isEqualTo(before);
    }

    @Test
    void decryptRefWithAReasonLeavesOneRowOfWhoWhenWhichAndWhyBeforeTheUrl() throws Exception {
        // the longest reason allowed, with characters outside the BMP (four bytes in utf8mb4), is kept as given
        String longest = "ticket 4711 " + "🎧".repeat(244) + "声".repeat(244);
        for (String reason : List.of("ticket SEC-123: a user disputes the voice of sec-3", longest)) {
            long last = lastAccessId();
            LocalDateTime from = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(5);

            assertThat(DecryptRef.decrypt(auditor(), "sec-3", reason)).isEqualTo(BOB);

            try (Connection admin = mysql.adminConnection(); PreparedStatement s = admin.prepareStatement(
                    "SELECT accessed_at, db_user, db_login, os_user, os_host, action, request_id, reason FROM tts_access_log "
                            + "WHERE access_id > ?")) {
                s.setLong(1, last);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("an access row").isTrue();
                    assertThat(rs.getObject(1, LocalDateTime.class)).as("UTC, the server's clock")
                            .isBetween(from, LocalDateTime.now(ZoneOffset.UTC).plusSeconds(5));
                    // the account matched: the test connects from 127.0.0.1, which both servers match to @localhost
                    assertThat(rs.getString(2)).isIn(EmbeddedDatabase.AUDITOR + "@localhost", EmbeddedDatabase.AUDITOR + "@%");
                    assertThat(rs.getString(3)).as("login name and client address")
                            .isIn(EmbeddedDatabase.AUDITOR + "@localhost", EmbeddedDatabase.AUDITOR + "@127.0.0.1");
                    assertThat(rs.getString(4)).isEqualTo(System.getProperty("user.name"));
                    assertThat(rs.getString(5)).isNotBlank();
                    assertThat(rs.getString(6)).isEqualTo("decrypt-ref");
                    assertThat(rs.getString(7)).isEqualTo("sec-3");
                    assertThat(rs.getString(8)).isEqualTo(reason);
                    assertThat(rs.next()).as("exactly one row").isFalse();
                }
            }
        }

        // reads that show nothing (a key not configured, no such request, an analyst) leave no row
        long before = accessRows();
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.AUDITOR, keysK1, "k1"), "sec-3", REASON));
        assertThatThrownBy(() -> DecryptRef.decrypt(auditor(), "nope", REASON));
        assertThatThrownBy(() -> DecryptRef.decrypt(config(EmbeddedDatabase.ANALYST, keysRotated, "k2"), "sec-1", REASON));
        assertThat(accessRows()).isEqualTo(before);
    }

    @Test
    void anAccountThatMayReadTheLogButNotRecordItsReadGetsNoUrl() throws Exception {
        String password = HexFormat.of().formatHex(RefVault.newKey());
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement()) {
            for (String host : List.of("%", "localhost")) {
                s.execute("CREATE USER IF NOT EXISTS 'tts_unrecorded'@'" + host + "' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT SELECT ON tts_generation_log TO 'tts_unrecorded'@'" + host + "'");
            }
        }
        Configuration unrecorded = auditor();
        unrecorded.set(TtsOptions.MYSQL_USER, "tts_unrecorded");
        unrecorded.set(TtsOptions.MYSQL_PASSWORD, password);

        assertThatThrownBy(() -> DecryptRef.decrypt(unrecorded, "sec-3", REASON)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getMessage()).contains("denied").contains("tts_access_log"));
    }

    @Test
    void accessRowsCannotBeChangedOrDeletedByAnyRoleAndTheWriterCannotSeeThem() throws Exception {
        DecryptRef.decrypt(auditor(), "sec-2", REASON);
        long id = lastAccessId();
        String row = accessRow(id);
        String[] tamper = {
                "UPDATE tts_access_log SET reason = 'routine' WHERE access_id = " + id,
                "DELETE FROM tts_access_log WHERE access_id = " + id,
                "TRUNCATE TABLE tts_access_log",
                "DROP TABLE tts_access_log"};
        for (String user : List.of(EmbeddedDatabase.WRITER, EmbeddedDatabase.ANALYST, EmbeddedDatabase.AUDITOR)) {
            try (Connection c = mysql.connection(user); Statement s = c.createStatement()) {
                for (String sql : tamper) {
                    assertDenied(s, sql);
                }
            }
        }
        try (Connection writer = mysql.connection(EmbeddedDatabase.WRITER); Statement s = writer.createStatement()) {
            assertDenied(s, "SELECT COUNT(*) FROM tts_access_log");
            assertDenied(s, "INSERT INTO tts_access_log (db_user, db_login, os_user, os_host, action, request_id, reason) "
                    + "VALUES ('x', 'x', 'x', 'x', 'decrypt-ref', 'sec-1', 'x')");
        }
        try (Connection analyst = mysql.connection(EmbeddedDatabase.ANALYST); Statement s = analyst.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM tts_access_log WHERE access_id = " + id)).isEqualTo(1);
            assertDenied(s, "INSERT INTO tts_access_log (db_user, db_login, os_user, os_host, action, request_id, reason) "
                    + "VALUES ('x', 'x', 'x', 'x', 'decrypt-ref', 'sec-1', 'x')");
        }
        try (Connection auditor = mysql.connection(EmbeddedDatabase.AUDITOR); Statement s = auditor.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM tts_access_log WHERE access_id = " + id)).isEqualTo(1);
            assertDenied(s, "INSERT INTO tts_access_log (accessed_at, db_user, db_login, os_user, os_host, action, request_id, "
                    + "reason) VALUES ('2020-01-01', 'x', 'x', 'x', 'x', 'decrypt-ref', 'sec-1', 'back-dated')");
        }
        assertThat(accessRow(id)).as("the row as it was written").isEqualTo(row);
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

    private static Configuration auditor() {
        return config(EmbeddedDatabase.AUDITOR, keysRotated, "k2");
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

    private static long accessRows() throws SQLException {
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement()) {
            return count(s, "SELECT COUNT(*) FROM tts_access_log");
        }
    }

    private static long lastAccessId() throws SQLException {
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement()) {
            return count(s, "SELECT COALESCE(MAX(access_id), 0) FROM tts_access_log");
        }
    }

    /** Every column of one access row, as text. */
    private static String accessRow(long id) throws SQLException {
        try (Connection admin = mysql.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM tts_access_log WHERE access_id = " + id)) {
            assertThat(rs.next()).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append(" | ");
            }
            return row.toString();
        }
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

    /** A failure names the statement and the user that was let through. */
    private static void assertDenied(Statement s, String sql) throws SQLException {
        assertThatExceptionOfType(SQLException.class).as(s.getConnection().getMetaData().getUserName() + ": " + sql)
                .isThrownBy(() -> s.execute(sql)).withMessageContaining("denied");
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
