package org.ttsaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.cli.embedded.EmbeddedMySql;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * The audit-log sink as the job builds it (statements prepared on the server, values sent in
 * binary, several rows a statement over two connections), on a real server: every column of
 * every row must read back as it was written, text with quotes, backslashes and four-byte
 * characters, NULLs, floating point and millisecond times included; and a second write of a
 * request id must update its row but keep its creation time.
 */
class AuditSinkITCase {
    private static EmbeddedMySql mysql;

    @BeforeAll
    static void startServer() throws Exception {
        mysql = EmbeddedMySql.start(Path.of("target", "it-audit-sink", "mysql"));
        Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
        mysql.grantRoles();
    }

    @AfterAll
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void shouldReadBackEveryColumnAsWrittenAndKeepTheCreationTimeOnAnUpdate() throws Exception {
        List<AuditRecord> first = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            first.add(record(i, "success", 1_769_846_400_123L + i));
        }
        write(first);
        AuditRecord updated = record(4, "failed", 1_769_999_999_999L);
        updated.outputAudioUrl = null;
        updated.errorCode = "STORAGE_ERROR";
        updated.errorMessage = "audio store not writable: 'x' \\ \"y\"";
        write(List.of(updated));

        Map<String, Map<String, Object>> table = readAll();
        assertThat(table).hasSize(9);
        for (AuditRecord r : first) {
            AuditRecord expected = r.requestId.equals(updated.requestId) ? updated : r;
            Map<String, Object> row = table.get(r.requestId);
            Object[] values = AuditLogTable.upsert().mapper.toRow(expected);
            for (int c = 0; c < values.length; c++) {
                String column = AuditLogTable.COLUMNS.get(c);
                Object want = column.equals("created_at") ? AuditLogTable.utc(r.createdAt) : values[c];
                assertThat(row.get(column)).as(r.requestId + "." + column).isEqualTo(want);
            }
        }
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
        a.sourceTopic = "tts.requests";
        a.sourcePartition = i % 2;
        a.sourceOffset = 1L << 40 | i;
        return a;
    }

    /** The job's audit sink in a Flink job: 4 rows a batch over 2 connections, so full and partial statements. */
    private static void write(List<AuditRecord> records) throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, mysql.url());
        config.set(TtsOptions.MYSQL_USER, EmbeddedMySql.WRITER);
        config.set(TtsOptions.MYSQL_PASSWORD, mysql.writerPassword());
        config.set(TtsOptions.SINK_BATCH, 4);
        config.set(JdbcSettings.CONNECTIONS, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TtsJob.flinkConfiguration(config));
        env.fromData(TypeInformation.of(AuditRecord.class), records.toArray(AuditRecord[]::new))
                .sinkTo(TtsJob.auditLogSink(config));
        env.execute("audit-sink-it");
    }

    private static Map<String, Map<String, Object>> readAll() throws Exception {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement();
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
