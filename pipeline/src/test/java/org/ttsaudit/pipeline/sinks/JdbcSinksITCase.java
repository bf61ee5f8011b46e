package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.pipeline.alerts.AlertTable;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.metrics.MetricsTables;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.FailureWindowRow;
import org.ttsaudit.pipeline.testing.MigratedDatabase;
import org.ttsaudit.testing.EmbeddedDatabase;

/**
 * The job's JDBC sinks (flink-connector-jdbc's JdbcSink running our upserts, batches rewritten by
 * the driver, statements prepared on the server) on a real server of each supported kind, as the
 * least-privileged writer, with object reuse on: every column of every row must read back as it
 * was written, text with quotes, backslashes and four-byte characters, NULLs, floating point and
 * times to the microsecond included; a second write of a key must update its row but keep its
 * creation time.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class JdbcSinksITCase {
    private static final Set<String> JSON_COLUMNS = Set.of("emotion_vector", "mask_counts", "risk_flags");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedDatabase db;

    @Parameter
    EmbeddedDatabase.Kind kind;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        db = MigratedDatabase.start(kind, "jdbc-sinks");
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        db.close();
    }

    @Test
    void shouldReadBackEveryColumnAsWrittenKeepTheCreationTimeOnAnUpdateAndNeverFlipASuccess() throws Exception {
        truncate(AuditLogTable.TABLE);
        List<AuditRecord> first = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            first.add(record(i, i == 4 ? "failed" : "success", 1_769_846_400_123L + i));
        }
        write(first, AuditLogTable.upsert(), AuditRecord.class);
        AuditRecord succeeded = record(4, "success", 1_769_999_999_999L); // the replay of a failed request succeeds
        succeeded.inferenceMs = 777L;
        AuditRecord failedOnReplay = record(5, "failed", 1_769_999_999_999L); // the replay of a success fails
        failedOnReplay.outputAudioUrl = null;
        failedOnReplay.errorCode = "STORAGE_ERROR";
        failedOnReplay.errorMessage = "audio store not writable: 'x' \\ \"y\"";
        AuditRecord succeededAgain = record(6, "success", 1_769_999_999_999L); // a success replayed successfully
        succeededAgain.inferenceMs = 888L;
        write(List.of(succeeded, failedOnReplay, succeededAgain), AuditLogTable.upsert(), AuditRecord.class);
        List<AuditRecord> updated = List.of(succeeded, succeededAgain);

        Map<String, Map<String, Object>> table = readAll();
        assertThat(table).hasSize(9);
        for (AuditRecord r : first) {
            AuditRecord expected = updated.stream().filter(u -> u.requestId.equals(r.requestId)).findFirst().orElse(r);
            Map<String, Object> row = table.get(r.requestId);
            Object[] values = AuditLogTable.row(expected);
            for (int c = 0; c < values.length; c++) {
                String column = AuditLogTable.COLUMNS.get(c);
                Object want = column.equals("created_at") ? AuditLogTable.utc(r.createdAt) : values[c];
                Object got = row.get(column);
                if (JSON_COLUMNS.contains(column) && want != null && got != null) {
                    // MySQL 8 stores JSON in a binary form and prints it back with its own spacing
                    want = JSON.readTree((String) want);
                    got = JSON.readTree((String) got);
                }
                assertThat(got).as(db + ": " + r.requestId + "." + column).isEqualTo(want);
            }
        }
    }

    @Test
    void shouldKeepMicrosecondsInDateTimeColumns() throws Exception {
        truncate("tts_late_records");
        LocalDateTime time = LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_456_000);
        UpsertStatement<LocalDateTime> late = new UpsertStatement<>("tts_late_records",
                List.of("request_id", "event_time", "mode", "status", "arrived_at"), List.of("request_id"),
                t -> new Object[] {"micros", t, "free", "success", t.plusNanos(1_000)});

        write(List.of(time), late, LocalDateTime.class);

        try (Connection c = db.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_time, arrived_at FROM tts_late_records WHERE request_id = 'micros'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, LocalDateTime.class)).as(db.toString()).isEqualTo(time);
            assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(time.plusNanos(1_000));
        }
    }

    @Test
    void shouldUpsertAWindowRowAndAnAlertEpisodeOnTheirKeys() throws Exception {
        truncate("tts_failure_metrics");
        truncate("tts_alerts");
        FailureWindowRow early = window(10, 1);
        FailureWindowRow refired = window(12, 3);
        write(List.of(early, refired), MetricsTables.failures(), FailureWindowRow.class);
        AlertEvent firing = alert("firing", null, 1);
        AlertEvent resolved = alert("resolved", 1_769_846_520_000L, 2);
        write(List.of(firing), AlertTable.upsert(), AlertEvent.class);
        write(List.of(resolved), AlertTable.upsert(), AlertEvent.class);

        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(requests), MAX(failures) FROM tts_failure_metrics")) {
                rs.next();
                assertThat(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).as(db.toString()).containsExactly(1, 12, 3);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(state), MAX(notifications), MAX(fired_at), "
                    + "MAX(resolved_at) FROM tts_alerts")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("resolved");
                assertThat(rs.getInt(3)).isEqualTo(2);
                assertThat(rs.getObject(4, LocalDateTime.class)).as("fired_at kept").isEqualTo(AuditLogTable.utc(firing.firedAt));
                assertThat(rs.getObject(5, LocalDateTime.class)).isEqualTo(AuditLogTable.utc(resolved.resolvedAt));
            }
        }
    }

    private static FailureWindowRow window(long requests, long failures) {
        FailureWindowRow r = new FailureWindowRow();
        r.windowStart = 1_769_846_400_000L;
        r.windowEnd = r.windowStart + 60_000;
        r.mode = "free";
        r.requests = requests;
        r.successes = requests - failures;
        r.failures = failures;
        r.failureRate = (double) failures / requests;
        r.latencyP95Ms = 40L;
        r.audioSeconds = 1.5 * requests;
        r.updatedAt = r.windowEnd + requests;
        return r;
    }

    private static AlertEvent alert(String state, Long resolvedAt, int notifications) {
        AlertEvent e = new AlertEvent();
        e.alertId = "failure_rate:free:1769846400000";
        e.rule = "failure_rate";
        e.dimension = "free";
        e.severity = "warning";
        e.state = state;
        e.observed = 0.25;
        e.threshold = 0.1;
        e.windowStart = 1_769_846_400_000L;
        e.windowEnd = e.windowStart + 60_000;
        e.firedAt = resolvedAt == null ? 1_769_846_470_000L : 1_769_846_499_000L;
        e.resolvedAt = resolvedAt;
        e.notifications = notifications;
        e.message = "failure rate 25 % over 10 %";
        e.updatedAt = e.firedAt;
        return e;
    }

    private static AuditRecord record(int i, String status, long createdAt) {
        AuditRecord a = new AuditRecord();
        a.requestId = "sink-" + i;
        a.userId = 1_000_000_000_000L + i;
        a.textInput = "银行'行长\\说\"明天 🎤 开会 ****5678 #" + i;
        a.pinyinInput = i % 2 == 0 ? "hang2 zhang3" : null;
        a.refAudioUrl = "v1:k1:" + "QUJD".repeat(20);
        a.refAudioHash = "ab".repeat(32);
        a.emotionDesc = i % 3 == 0 ? null : "非常愤怒地质问";
        a.emotionVector = "[0.1,0.2,0,0,0,0,0,1.2]";
        a.emotionIntensity = 0.25f * (i % 5);
        a.targetDurationRatio = i % 2 == 0 ? 1.25 : null;
        a.targetDurationMs = i % 2 == 0 ? null : 2400;
        a.mode = i % 2 == 0 ? "controlled" : "free";
        a.status = status;
        a.outputAudioUrl = "file:/srv/audio/2026-01-31/sink-" + i + ".wav";
        a.eventTime = 1_769_846_399_001L + i;
        a.createdAt = createdAt;
        a.queueMs = 7L + i;
        a.inferenceMs = 40L;
        a.totalMs = 52L + i;
        a.realTimeFactor = 0.0123456789 * (i + 1);
        a.requestedDurationMs = a.targetDurationMs;
        a.achievedDurationMs = 2391 + i;
        a.device = "cpu";
        a.modelVersion = "tts-synth-tiny@1.0.0";
        a.batchSize = 1 + i;
        a.refAudioDurationMs = 3000;
        a.refAudioRmsDbfs = -18.5;
        a.refAudioSnrDb = 24.75;
        a.maskCounts = "{\"mobile\":1}";
        a.riskFlags = i % 2 == 0 ? "{\"fraud\":[\"fraud-safe-account\",\"fraud-transfer-now\"]}" : null;
        a.explicitLabel = i % 3 == 0 ? "start" : "none";
        a.segments = 1 + i % 4;
        a.modelFormat = i % 2 == 0 ? "tts-audit" : "piper";
        a.conditioningIgnored = i % 2 == 0 ? null : "ref_audio_timbre,emotion";
        a.sourceTopic = "tts.requests";
        a.sourcePartition = i % 2;
        a.sourceOffset = 1L << 40 | i;
        return a;
    }

    /**
     * The job's sink for {@code statement} in a Flink job, with its configuration as TtsJob builds
     * it: 4 rows a batch, so full and partial batches; object reuse on, so the sink must copy.
     */
    private static <T> void write(List<T> records, UpsertStatement<T> statement, Class<T> type) throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, db.url());
        config.set(TtsOptions.MYSQL_USER, EmbeddedDatabase.WRITER);
        config.set(TtsOptions.MYSQL_PASSWORD, db.writerPassword());
        config.set(TtsOptions.SINK_BATCH, 4);
        config.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.fromData(TypeInformation.of(type), records.toArray(n -> (T[]) java.lang.reflect.Array.newInstance(type, n)))
                .sinkTo(JdbcSettings.from(config).sink(statement));
        env.execute("jdbc-sinks-it");
    }

    private static void truncate(String table) throws Exception {
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table);
        }
    }

    private static Map<String, Map<String, Object>> readAll() throws Exception {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection c = db.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", AuditLogTable.COLUMNS) + " FROM " + AuditLogTable.TABLE)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : AuditLogTable.COLUMNS) {
                    row.put(column, rs.getObject(column));
                }
                rows.put(rs.getString("request_id"), row);
            }
        }
        return rows;
    }
}
