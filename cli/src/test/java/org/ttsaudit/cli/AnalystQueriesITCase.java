package org.ttsaudit.cli;

import org.ttsaudit.pipeline.testing.Rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.cli.summary.AnalystQueries;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * The original design's four analyst queries, exactly as shipped in sql/queries/, against the
 * migrated schema on a real server, on rows written with the job's own upsert statement.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class AnalystQueriesITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
    private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
    private static EmbeddedDatabase mysql;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        mysql = kind.start(Path.of("target", "it-queries", kind.name().toLowerCase()));
        Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
        // Day 1: 3 requests, 1 failed. Day 2: 4 requests, 2 failed, 1 rejected.
        insert(row("a1", 7, "今天天气很好", "开心", "success", DAY1, 1));
        insert(row("a2", 7, "明天天气怎么样", "开心", "failed", DAY1, 2));
        insert(row("a3", 8, "你好", "平静", "success", DAY1, 3));
        insert(row("b1", 7, "欢迎使用", "开心", "failed", DAY2, 1));
        insert(row("b2", 7, "天气预报", null, "success", DAY2, 2));
        insert(row("b3", 7, "再见", "愤怒", "failed", DAY2, 3));
        insert(row("b4", 7, "晚安", "平静", "rejected", DAY2, 4));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void dailyFailureRateCountsFailedRequestsPerDay() throws Exception {
        try (Connection c = mysql.adminConnection()) {
            List<List<Object>> rows = AnalystQueries.run(c, AnalystQueries.DAILY_FAILURE_RATE).rows();
            assertThat(rows).hasSize(2);
            assertThat(numbers(rows.get(0))).containsExactly(4.0, 2.0, 0.5);
            assertThat(rows.get(0).get(0)).hasToString(DAY2.toString());
            assertThat(numbers(rows.get(1))).containsExactly(3.0, 1.0, 0.3333);
            assertThat(rows.get(1).get(0)).hasToString(DAY1.toString());
        }
    }

    @Test
    void userRecentRequestsReturnsTheLastFiveNewestFirst() throws Exception {
        try (Connection c = mysql.adminConnection()) {
            List<List<Object>> rows = AnalystQueries.run(c, AnalystQueries.USER_RECENT_REQUESTS, 7L).rows();
            assertThat(rows).extracting(r -> r.get(0)).containsExactly("b4", "b3", "b2", "b1", "a2");
        }
    }

    @Test
    void keywordSearchFindsTextContainingTheKeyword() throws Exception {
        try (Connection c = mysql.adminConnection()) {
            List<List<Object>> rows = AnalystQueries.run(c, AnalystQueries.KEYWORD_SEARCH, "天气").rows();
            assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrder("a1", "a2", "b2");
        }
    }

    @Test
    void topEmotionDescriptionsAreRankedByUse() throws Exception {
        try (Connection c = mysql.adminConnection()) {
            List<List<Object>> rows = AnalystQueries.run(c, AnalystQueries.TOP_EMOTION_DESCRIPTIONS).rows();
            assertThat(rows.get(0)).containsExactly("开心", 3L);
            assertThat(rows.get(1)).containsExactly("平静", 2L);
            assertThat(rows.get(2)).containsExactly("愤怒", 1L);
            assertThat(rows).hasSize(3);
        }
    }

    /** Every shipped query runs unchanged on the migrated schema; parameters are dates or a user id. */
    @Test
    void everyShippedQueryRunsOnTheMigratedSchema() throws Exception {
        List<Path> files;
        try (var list = java.nio.file.Files.list(Path.of("..", "sql", "queries"))) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        try (Connection c = mysql.adminConnection()) {
            for (Path file : files) {
                String name = file.getFileName().toString().replace(".sql", "");
                String sql = AnalystQueries.sql(name);
                assertThat(java.nio.file.Files.readString(file)).as(name + " opens with its purpose").startsWith("-- ");
                Object[] parameters = new Object[(int) sql.chars().filter(ch -> ch == '?').count()];
                java.util.Arrays.fill(parameters, name.startsWith("user_") ? (Object) 7L
                        : name.startsWith("keyword") ? "天气" : DAY1.atStartOfDay());
                if (parameters.length == 2 && !name.startsWith("bad_")) {
                    parameters[1] = DAY2.plusDays(1).atStartOfDay();
                }
                assertThat(AnalystQueries.run(c, name, parameters).columns()).as(name).isNotEmpty();
            }
            List<List<Object>> failing = AnalystQueries.run(c, "failing_users", DAY1.atStartOfDay()).rows();
            assertThat(failing).extracting(r -> r.get(0)).containsExactly(7L);
            assertThat(((Number) failing.get(0).get(4)).doubleValue()).isCloseTo(4.0 / 6, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void upsertingTheSameRequestTwiceKeepsOneRowItsFirstCreationTimeAndItsSuccess() throws Exception {
        AuditRecord again = row("a1", 7, "今天天气很好", "开心", "failed", DAY2, 9);
        insert(again);
        try (Connection c = mysql.adminConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT COUNT(*), MAX(status), MAX(created_at) FROM tts_generation_log WHERE request_id = 'a1'")) {
            var rs = s.executeQuery();
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).as("a replay that fails does not flip a success").isEqualTo("success");
            assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(DAY1.atTime(10, 0, 1, 123_000_000));
        } finally {
            insert(row("a1", 7, "今天天气很好", "开心", "success", DAY1, 1));
        }
    }

    /** total, failed, failure_rate as doubles (the server picks the numeric types). */
    private static List<Double> numbers(List<Object> row) {
        return row.subList(1, 4).stream().map(v -> Math.round(((Number) v).doubleValue() * 1e4) / 1e4).toList();
    }

    private static AuditRecord row(String id, long user, String text, String emotion, String status, LocalDate day, int second) {
        AuditRecord a = new AuditRecord();
        a.requestId = id;
        a.userId = user;
        a.textInput = text;
        a.emotionDesc = emotion;
        a.status = status;
        a.mode = "free";
        a.createdAt = day.atTime(10, 0, second, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        a.eventTime = a.createdAt;
        a.maskCounts = "{}";
        return a;
    }

    private static void insert(AuditRecord record) throws Exception {
        try (Connection c = mysql.adminConnection()) {
            Rows.upsert(c, AuditLogTable.upsert(), record);
        }
    }
}
