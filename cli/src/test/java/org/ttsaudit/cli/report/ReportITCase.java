package org.ttsaudit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.pipeline.testing.Rows;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.pipeline.alerts.AlertTable;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.metrics.MetricsTables;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;
import org.ttsaudit.pipeline.records.ErrorWindowRow;
import org.ttsaudit.pipeline.records.FailureWindowRow;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.UpsertStatement;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * {@code ./tts report} against a real server with the migrations and roles applied, connected as
 * the analyst: rows written with the job's own upsert statements come out on the page, summed by
 * the shipped analyst queries, and {@code --since} narrows every section.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class ReportITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final String HOSTILE_CODE = "<b onclick=\"x\">BAD</b>";
    private static EmbeddedDatabase mysql;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        mysql = kind.start(Path.of("target", "it-report", kind.name().toLowerCase()));
        Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
        mysql.grantRoles();
        // Three windows of mode free (the second a spike), one of mode controlled.
        insert(MetricsTables.failures(), failure(0, "free", 20, 1, 1, 900L));
        insert(MetricsTables.failures(), failure(1, "free", 20, 12, 0, 1100L));
        insert(MetricsTables.failures(), failure(2, "free", 20, 0, 2, 1000L));
        insert(MetricsTables.failures(), failure(1, "controlled", 5, 0, 5, null));
        insert(MetricsTables.emotions(), emotion(0, "happy", 10, 0.5));
        insert(MetricsTables.emotions(), emotion(1, "happy", 30, 0.9));
        insert(MetricsTables.emotions(), emotion(2, "calm", 25, 0.4));
        insert(MetricsTables.errors(), error(0, "STORAGE_ERROR", "failed", 1));
        insert(MetricsTables.errors(), error(1, "STORAGE_ERROR", "failed", 12));
        insert(MetricsTables.errors(), error(2, HOSTILE_CODE, "rejected", 2));
        insert(AlertTable.upsert(), alert("failure_rate/free/a", -1, "resolved", 0.6, 2L));
        insert(AlertTable.upsert(), alert("latency_p95/free/b", 2, "firing", 12000, null));
        insert(MetricsTables.lateRecords(), log("late-1", "success", T0.minusSeconds(600)));
        for (String status : List.of("success", "success", "failed", "rejected")) {
            AuditRecord row = log("r" + System.nanoTime(), status, T0.plusSeconds(90));
            row.refAudioSnrDb = status.equals("success") ? 40.0 : null;
            row.errorCode = status.equals("rejected") ? "REF_AUDIO_NOISY" : null;
            insert(AuditLogTable.upsert(), row);
        }
        AuditRecord nearTheGate = log("near-the-gate", "success", T0.plusSeconds(100));
        nearTheGate.refAudioSnrDb = 22.5;
        insert(AuditLogTable.upsert(), nearTheGate);
        insert(AuditLogTable.upsert(), log("old", "failed", T0.minus(Duration.ofDays(1))));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void shouldReportEveryTableAsTheAnalyst() throws Exception {
        Path file = ReportCommand.run(analyst(), null, Path.of("target", "it-report", "all.html"), NOW);
        String html = Files.readString(file);

        assertThat(file).isAbsolute();
        assertThat(html).contains("<dd id=\"generated\">2026-02-01 12:00:00 UTC</dd>")
                .contains("everything in the tables (windows 2026-02-01 09:00:00 to 2026-02-01 09:03:00 UTC)")
                .contains(ReportCommand.describe(mysql.url(), EmbeddedDatabase.ANALYST))
                .doesNotContain(mysql.password(EmbeddedDatabase.ANALYST), "sslMode");
        assertThat(Pages.rows(html, "volume")).containsExactly(
                List.of("2026-02-01 09:00:00", "free", "20", "18", "1", "1", "5.00%", "900", "1,800", "2,700"),
                List.of("2026-02-01 09:01:00", "controlled", "5", "0", "0", "5", "0.00%", "–", "–", "–"),
                List.of("2026-02-01 09:01:00", "free", "20", "8", "12", "0", "60.00%", "1,100", "2,200", "3,300"),
                List.of("2026-02-01 09:02:00", "free", "20", "18", "0", "2", "0.00%", "1,000", "2,000", "3,000"));
        // top_emotions weighs each window's mean intensity by its requests: (10 x 0.5 + 30 x 0.9) / 40.
        assertThat(Pages.rows(html, "emotions")).containsExactly(List.of("happy", "40", "0.80"), List.of("calm", "25", "0.40"));
        assertThat(Pages.rows(html, "error-codes")).containsExactly(List.of("STORAGE_ERROR", "failed", "13"),
                List.of(HOSTILE_CODE, "rejected", "2"));
        assertThat(html).doesNotContain(HOSTILE_CODE).contains(Svg.escape(HOSTILE_CODE));
        assertThat(Pages.rows(html, "alerts")).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(4) + " " + r.get(6))
                .containsExactly("firing latency_p95 12,000 ms 2026-02-01 09:03:00", "resolved failure_rate 60.00% 2026-02-01 09:00:00");
        assertThat(Pages.rows(html, "late")).containsExactly(List.of("success", "free", "1"));
        assertThat(Pages.rows(html, "reference-clips")).containsExactly(List.of("ACCEPTED_SNR_UNDER_25_DB", "1", "1"),
                List.of("REF_AUDIO_NOISY", "1", "1"));
        String overview = Pages.section(html, "overview");
        assertThat(overview).contains("6</div><div class=\"label\">logged requests", "2</div><div class=\"label\">failed",
                "33.33%</div><div class=\"label\">failure rate", "65</div><div class=\"label\">in closed windows",
                "1</div><div class=\"label\">alerts firing");
        assertThat(html).contains("<svg class=\"chart\"").doesNotContain("class=\"empty\"");
        // The controlled window had no success, so that mode has no latency to draw.
        assertThat(Pages.section(html, "latency")).contains("mode free").doesNotContain("mode controlled");
    }

    @Test
    void shouldLeaveOutWhatCameBeforeSince() throws Exception {
        Instant since = T0.plus(Duration.ofMinutes(1));
        String html = Files.readString(ReportCommand.run(analyst(), since, Path.of("target", "it-report", "since.html"), NOW));

        assertThat(html).contains("since 2026-02-01 09:01:00 UTC");
        assertThat(Pages.rows(html, "volume")).extracting(r -> r.get(0)).doesNotContain("2026-02-01 09:00:00").hasSize(3);
        assertThat(Pages.rows(html, "error-codes")).containsExactly(List.of("STORAGE_ERROR", "failed", "12"),
                List.of(HOSTILE_CODE, "rejected", "2"));
        assertThat(Pages.rows(html, "alerts")).extracting(r -> r.get(1)).containsExactly("latency_p95");
        assertThat(Pages.section(html, "late")).contains("No late records");
        assertThat(Pages.section(html, "overview")).contains("5</div><div class=\"label\">logged requests");

        String future = Files.readString(ReportCommand.run(analyst(), NOW, Path.of("target", "it-report", "future.html"), NOW));
        assertThat(Pages.section(future, "failure-rate")).contains("No windows in this range");
        assertThat(future).doesNotContain("<svg");
    }

    /** The configuration a user passes: URL, the analyst account and its password. */
    private static Configuration analyst() {
        return TtsJob.configFromArgs(new String[] {"--mysql.url", mysql.url(), "--mysql.user", EmbeddedDatabase.ANALYST,
            "--mysql.password", mysql.password(EmbeddedDatabase.ANALYST)});
    }

    private static FailureWindowRow failure(int minute, String mode, long requests, long failures, long rejections, Long p50) {
        FailureWindowRow r = new FailureWindowRow();
        r.windowStart = start(minute);
        r.windowEnd = start(minute + 1);
        r.mode = mode;
        r.requests = requests;
        r.failures = failures;
        r.rejections = rejections;
        r.successes = requests - failures - rejections;
        r.failureRate = (double) failures / requests;
        r.latencyP50Ms = p50;
        r.latencyP95Ms = p50 == null ? null : 2 * p50;
        r.latencyP99Ms = p50 == null ? null : 3 * p50;
        r.updatedAt = NOW.toEpochMilli();
        return r;
    }

    private static EmotionWindowRow emotion(int minute, String emotion, long requests, double intensity) {
        EmotionWindowRow r = new EmotionWindowRow();
        r.windowStart = start(minute);
        r.windowEnd = start(minute + 1);
        r.emotion = emotion;
        r.requests = requests;
        r.meanIntensity = intensity;
        r.meanVector = "[0,0,0,0,0,0,0,0]";
        r.updatedAt = NOW.toEpochMilli();
        return r;
    }

    private static ErrorWindowRow error(int minute, String code, String status, long requests) {
        ErrorWindowRow r = new ErrorWindowRow();
        r.windowStart = start(minute);
        r.windowEnd = start(minute + 1);
        r.errorCode = code;
        r.status = status;
        r.requests = requests;
        r.updatedAt = NOW.toEpochMilli();
        return r;
    }

    private static AlertEvent alert(String id, int minute, String state, double observed, Long resolvedAfterMinutes) {
        AlertEvent e = new AlertEvent();
        e.alertId = id;
        e.rule = id.substring(0, id.indexOf('/'));
        e.dimension = "free";
        e.severity = "critical";
        e.state = state;
        e.observed = observed;
        e.threshold = e.rule.startsWith("failure") ? 0.5 : 10000;
        e.windowStart = start(minute);
        e.windowEnd = start(minute + 1);
        e.firedAt = start(minute + 1);
        e.resolvedAt = resolvedAfterMinutes == null ? null : start(minute + 1 + resolvedAfterMinutes.intValue());
        e.notifications = 1;
        e.message = e.rule + " in mode free";
        e.updatedAt = NOW.toEpochMilli();
        return e;
    }

    private static AuditRecord log(String id, String status, Instant eventTime) {
        AuditRecord a = new AuditRecord();
        a.requestId = id;
        a.userId = 7L;
        a.status = status;
        a.mode = "free";
        a.eventTime = eventTime.toEpochMilli();
        a.createdAt = eventTime.toEpochMilli();
        a.maskCounts = "{}";
        return a;
    }

    private static long start(int minute) {
        return T0.plus(Duration.ofMinutes(minute)).toEpochMilli();
    }

    private static <T> void insert(UpsertStatement<T> table, T row) throws Exception {
        try (Connection c = mysql.adminConnection()) {
            Rows.upsert(c, table, row);
        }
    }
}
