package org.ttsaudit.pipeline.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ttsaudit.testing.EmbeddedDatabase;

/**
 * {@code tts_failure_metrics} against its recomputation by SQL from the raw log: per window and
 * mode, the counts, the risk-flagged requests, the latency percentiles and the audio seconds, for
 * the requests whose id starts with a prefix and that are not in {@code tts_late_records}. Keys are
 * "epoch seconds of the window start/mode".
 */
public record WindowCheck(Map<String, List<Object>> table, Map<String, List<Object>> recomputed, long lateRecords) {

    /**
     * Polls until the table equals the recomputation (the sinks flush re-fired windows a little
     * later) or a minute passes; the caller asserts. Events within {@code openTail} of the newest
     * event are left out, their windows may still be open (zero: every window has closed).
     */
    public static WindowCheck await(EmbeddedDatabase db, String idPrefix, Duration window, Instant from, Instant to,
                                    Duration openTail) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        WindowCheck check;
        do {
            Thread.sleep(1000);
            check = read(db, idPrefix, window.toSeconds(), from, to, openTail.toSeconds());
        } while (!check.table().equals(check.recomputed()) && System.nanoTime() < deadline);
        return check;
    }

    private static WindowCheck read(EmbeddedDatabase db, String prefix, long window, Instant from, Instant to, long openTail)
            throws Exception {
        String range = " BETWEEN '" + sql(from) + "' AND '" + sql(to) + "'";
        Map<String, List<Object>> table = new HashMap<>();
        Map<String, List<Object>> recomputed = new HashMap<>();
        Map<String, List<Long>> latencies = new HashMap<>();
        long late;
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT UNIX_TIMESTAMP(window_start), mode, requests, successes, failures, "
                    + "rejections, risk_flagged, latency_p50_ms, latency_p95_ms, latency_p99_ms, ROUND(audio_seconds, 3) "
                    + "FROM tts_failure_metrics WHERE window_start" + range)) {
                while (rs.next()) {
                    table.put(rs.getLong(1) + "/" + rs.getString(2), List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), String.valueOf(rs.getObject(8)), String.valueOf(rs.getObject(9)),
                            String.valueOf(rs.getObject(10)), rs.getDouble(11)));
                }
            }
            String ofRun = "request_id LIKE '" + prefix + "%'";
            String fromLog = " FROM tts_generation_log WHERE " + ofRun + " AND event_time" + range
                    + " AND request_id NOT IN (SELECT request_id FROM tts_late_records)"
                    + (openTail == 0 ? "" : " AND event_time < (SELECT MAX(event_time) FROM tts_generation_log WHERE "
                            + ofRun + ") - INTERVAL " + openTail + " SECOND");
            String windowStart = "FLOOR(UNIX_TIMESTAMP(event_time) / " + window + ") * " + window;
            try (ResultSet rs = s.executeQuery("SELECT " + windowStart + " AS ws, COALESCE(mode, 'unknown'), "
                    + "COUNT(*), SUM(status = 'success'), SUM(status = 'failed'), SUM(status = 'rejected'), "
                    + "SUM(risk_flags IS NOT NULL), "
                    + "ROUND(SUM(CASE WHEN status = 'success' THEN achieved_duration_ms ELSE 0 END) / 1000, 3)" + fromLog
                    + " GROUP BY ws, COALESCE(mode, 'unknown')")) {
                while (rs.next()) {
                    recomputed.put(rs.getLong(1) + "/" + rs.getString(2), new ArrayList<>(List.of(rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getDouble(8))));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT " + windowStart + ", COALESCE(mode, 'unknown'), total_ms"
                    + fromLog + " AND status = 'success' ORDER BY total_ms")) {
                while (rs.next()) {
                    latencies.computeIfAbsent(rs.getLong(1) + "/" + rs.getString(2), k -> new ArrayList<>()).add(rs.getLong(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tts_late_records WHERE " + ofRun)) {
                rs.next();
                late = rs.getLong(1);
            }
        }
        recomputed.forEach((key, row) -> {
            List<Long> sorted = latencies.getOrDefault(key, List.of());
            double audio = (Double) row.remove(5);
            for (int p : new int[] {50, 95, 99}) {
                row.add(sorted.isEmpty() ? "null" : String.valueOf(sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
            }
            row.add(audio);
        });
        return new WindowCheck(table, recomputed, late);
    }

    /** UTC wall-clock text for DATETIME comparisons. */
    private static String sql(Instant t) {
        return t.toString().replace('T', ' ').replace("Z", "");
    }
}
