package org.ttsaudit.pipeline.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.db.Retention;

/** Retention on the migrated schema: old rows go, recent ones and longer-kept aggregates and access records stay. */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class RetentionITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static EmbeddedDatabase mysql;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        mysql = kind.start(Path.of("target", "it-retention", kind.name().toLowerCase()));
        Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void deletesOnlyRowsOlderThanTheirTablesRetention() throws Exception {
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement()) {
            for (int days : new int[] {1, 179, 181, 400}) {
                String t = utc(days);
                s.executeUpdate("INSERT INTO tts_generation_log (request_id, status, created_at, event_time) VALUES ('r"
                        + days + "', 'success', '" + t + "', '" + t + "')");
                s.executeUpdate("INSERT INTO tts_failure_metrics (window_start, mode, window_end, requests, successes, failures, "
                        + "rejections, failure_rate, audio_seconds, updated_at) VALUES ('" + t + "', 'free', '" + t
                        + "', 1, 1, 0, 0, 0, 1, '" + t + "')");
            }
            s.executeUpdate("INSERT INTO tts_failure_metrics (window_start, mode, window_end, requests, successes, failures, "
                    + "rejections, failure_rate, audio_seconds, updated_at) VALUES ('" + utc(800) + "', 'free', '" + utc(800)
                    + "', 1, 1, 0, 0, 0, 1, '" + utc(800) + "')");

            Map<String, Long> deleted = Retention.apply(c, Duration.ofDays(180), Duration.ofDays(730), NOW);

            assertThat(deleted).containsEntry("tts_generation_log", 2L).containsEntry("tts_failure_metrics", 1L);
            assertThat(ids(s, "SELECT request_id FROM tts_generation_log ORDER BY request_id")).isEqualTo("r1,r179");
            assertThat(ids(s, "SELECT COUNT(*) FROM tts_failure_metrics")).isEqualTo("4");
        }
    }

    @Test
    void keepsTheAccessLogAsLongAsTheAggregatesNotTheRawLog() throws Exception {
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement()) {
            for (int days : new int[] {1, 400, 729, 731}) {
                s.executeUpdate("INSERT INTO tts_access_log (accessed_at, db_user, db_login, os_user, os_host, action, "
                        + "request_id, reason) VALUES ('" + utc(days) + "', 'tts_auditor@%', 'tts_auditor@10.0.0.5', 'alice', "
                        + "'ops-1', 'decrypt-ref', 'a" + days + "', 'ticket " + days + "')");
            }

            Map<String, Long> deleted = Retention.apply(c, Duration.ofDays(180), Duration.ofDays(730), NOW);

            assertThat(deleted).containsEntry("tts_access_log", 1L);
            assertThat(ids(s, "SELECT request_id FROM tts_access_log ORDER BY accessed_at DESC")).isEqualTo("a1,a400,a729");
        }
    }

    @Test
    void refusesToKeepAggregatesShorterThanTheLog() throws Exception {
        try (Connection c = mysql.adminConnection()) {
            assertThatThrownBy(() -> Retention.apply(c, Duration.ofDays(180), Duration.ofDays(30), NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String utc(int daysAgo) {
        return LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC).toString().replace('T', ' ');
    }

    private static String ids(Statement s, String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sb.append(sb.length() == 0 ? "" : ",").append(rs.getString(1));
            }
        }
        return sb.toString();
    }
}
