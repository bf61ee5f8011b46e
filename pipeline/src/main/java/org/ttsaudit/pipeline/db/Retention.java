package org.ttsaudit.pipeline.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes rows past their retention: the raw log (and its late-record index) after
 * {@code logRetention}, the aggregates, alert history and access log after {@code aggregateRetention}
 * (who read protected data stays on record as long as the figures it may be asked about).
 * Deletes run in small batches so a large purge never holds long locks; run it from a scheduler
 * (cron, a Kubernetes CronJob) as a user allowed to DELETE: the job's writer is not.
 */
public final class Retention {
    private static final int BATCH = 5_000;

    /** Table, and the UTC time column that ages its rows. */
    private static final Map<String, String> LOG_TABLES = Map.of(
            "tts_generation_log", "created_at",
            "tts_late_records", "arrived_at");
    private static final Map<String, String> AGGREGATE_TABLES = Map.of(
            "tts_failure_metrics", "window_start",
            "tts_emotion_metrics", "window_start",
            "tts_error_metrics", "window_start",
            "tts_alerts", "fired_at",
            "tts_access_log", "accessed_at");

    private Retention() {}

    /** Rows deleted per table. */
    public static Map<String, Long> apply(Connection connection, Duration logRetention, Duration aggregateRetention,
                                          Instant now) throws SQLException {
        if (aggregateRetention.compareTo(logRetention) < 0) {
            throw new IllegalArgumentException("aggregates must be kept at least as long as the raw log");
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        LocalDateTime logCutoff = LocalDateTime.ofInstant(now.minus(logRetention), ZoneOffset.UTC);
        LocalDateTime aggregateCutoff = LocalDateTime.ofInstant(now.minus(aggregateRetention), ZoneOffset.UTC);
        for (Map.Entry<String, String> t : LOG_TABLES.entrySet()) {
            deleted.put(t.getKey(), purge(connection, t.getKey(), t.getValue(), logCutoff));
        }
        for (Map.Entry<String, String> t : AGGREGATE_TABLES.entrySet()) {
            deleted.put(t.getKey(), purge(connection, t.getKey(), t.getValue(), aggregateCutoff));
        }
        return deleted;
    }

    private static long purge(Connection connection, String table, String column, LocalDateTime cutoff) throws SQLException {
        long total = 0;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE " + column + " < ? LIMIT " + BATCH)) {
            delete.setObject(1, cutoff);
            int n;
            do {
                n = delete.executeUpdate();
                total += n;
            } while (n == BATCH);
        }
        return total;
    }
}
