package org.ttsaudit.cli.report;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ttsaudit.cli.summary.AnalystQueries;

/**
 * Reads a report's rows with the analyst queries of sql/queries/, so the page shows what an
 * analyst's SQL shows. Needs only what the analyst role may read: the aggregate tables,
 * tts_alerts, tts_late_records and the view tts_generation_log_analyst.
 */
public final class ReportRepository {
    /** DATETIME's own limits stand for an open end of the range. */
    private static final LocalDateTime EARLIEST = LocalDateTime.of(1000, 1, 1, 0, 0);
    private static final LocalDateTime LATEST = LocalDateTime.of(9999, 12, 31, 0, 0);

    private ReportRepository() {}

    /** Everything since {@code since} (null: everything in the tables). */
    public static ReportData read(Connection c, String source, Instant since, Instant generatedAt) throws SQLException {
        LocalDateTime from = since == null ? EARLIEST : LocalDateTime.ofInstant(since, ZoneOffset.UTC);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        AnalystQueries.query(c, "logged_outcomes", rs -> outcomes.put(rs.getString("status"), rs.getLong("requests")), from, LATEST);
        return new ReportData(generatedAt, source, since,
                AnalystQueries.query(c, "window_outcomes", rs -> new ReportData.Window(utc(rs, "window_start"),
                        utc(rs, "window_end"), rs.getString("mode"), rs.getLong("requests"), rs.getLong("successes"),
                        rs.getLong("failures"), rs.getLong("rejections"), rs.getDouble("failure_rate"),
                        rs.getObject("latency_p50_ms", Long.class), rs.getObject("latency_p95_ms", Long.class),
                        rs.getObject("latency_p99_ms", Long.class)), from, LATEST),
                AnalystQueries.query(c, "top_emotions", rs -> new ReportData.Emotion(rs.getString("emotion"),
                        rs.getLong("requests"), rs.getObject("mean_intensity", Double.class)), from, LATEST),
                AnalystQueries.query(c, "error_codes", rs -> new ReportData.ErrorCode(rs.getString("error_code"),
                        rs.getString("status"), rs.getLong("requests")), from, LATEST),
                AnalystQueries.query(c, "alert_history", rs -> new ReportData.Alert(rs.getString("rule"),
                        rs.getString("dimension"), rs.getString("severity"), rs.getString("state"), rs.getDouble("observed"),
                        rs.getDouble("threshold"), utc(rs, "fired_at"), utc(rs, "resolved_at"), rs.getLong("duration_seconds"),
                        rs.getInt("notifications"), rs.getString("message")), from),
                AnalystQueries.query(c, "late_records", rs -> new ReportData.Late(rs.getString("status"),
                        rs.getString("mode"), rs.getLong("records")), from, LATEST),
                outcomes,
                AnalystQueries.query(c, "bad_reference_audio", rs -> new ReportData.ReferenceProblem(rs.getString("problem"),
                        rs.getLong("requests"), rs.getLong("users")), from, from).stream().filter(r -> r.requests() > 0).toList());
    }

    /** The tables keep UTC in DATETIME columns. */
    private static Instant utc(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
