package org.ttsaudit.bench.endtoend;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ttsaudit.bench.TablePoller;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/** Notes when each request id first became visible in the audit table: the end of the end-to-end latency. */
final class RowWatcher implements AutoCloseable {
    static final long INTERVAL_MS = 100;

    /** Epoch milliseconds each request id was first seen. */
    final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final TablePoller poller;

    RowWatcher(Connection connection) {
        this.poller = new TablePoller(connection, "bench-row-watcher", INTERVAL_MS, (s, now) -> {
            try (ResultSet rs = s.executeQuery("SELECT request_id FROM " + AuditLogTable.TABLE)) {
                while (rs.next()) {
                    seenAt.putIfAbsent(rs.getString(1), now);
                }
            }
        });
    }

    int seen() throws Exception {
        poller.check();
        return seenAt.size();
    }

    @Override
    public void close() throws Exception {
        poller.close();
    }
}
