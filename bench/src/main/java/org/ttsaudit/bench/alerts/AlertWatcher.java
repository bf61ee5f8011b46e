package org.ttsaudit.bench.alerts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ttsaudit.bench.TablePoller;

/** Notes when each row of {@code tts_alerts} first became visible to a reader, and its state. */
final class AlertWatcher implements AutoCloseable {
    static final long INTERVAL_MS = 100;

    private record Seen(long at, long windowStart, String state) {}

    private final Map<String, Seen> alerts = new ConcurrentHashMap<>();
    private final TablePoller poller;

    AlertWatcher(Connection connection) {
        this.poller = new TablePoller(connection, "bench-alert-watcher", INTERVAL_MS, (s, now) -> {
            try (ResultSet rs = s.executeQuery("SELECT alert_id, window_start, state FROM tts_alerts")) {
                while (rs.next()) {
                    long windowStart = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
                    String state = rs.getString(3);
                    alerts.compute(rs.getString(1), (id, seen) -> new Seen(seen == null ? now : seen.at, windowStart, state));
                }
            }
        });
    }

    /** Waits for the alert whose first window starts at {@code windowStart}; returns its id. */
    String awaitFiring(long windowStart, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poller.check();
            for (Map.Entry<String, Seen> e : alerts.entrySet()) {
                if (e.getValue().windowStart == windowStart) {
                    return e.getKey();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no alert for the window starting " + Instant.ofEpochMilli(windowStart)
                + " within " + timeout.toSeconds() + " s; alerts so far: " + alerts.keySet());
    }

    void awaitResolved(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"resolved".equals(alerts.get(id).state)) {
            poller.check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("alert " + id + " not resolved within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    long firstSeen(String id) {
        return alerts.get(id).at;
    }

    int count() {
        return alerts.size();
    }

    @Override
    public void close() throws Exception {
        poller.close();
    }
}
