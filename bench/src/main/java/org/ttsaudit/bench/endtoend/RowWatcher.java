package org.ttsaudit.bench.endtoend;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * Polls the audit table and notes when each request id first became visible to a reader: the end
 * of the end-to-end latency. The poll interval bounds the error (a row is seen up to one interval
 * after its commit).
 */
final class RowWatcher implements AutoCloseable {
    static final long INTERVAL_MS = 100;

    /** Epoch milliseconds each request id was first seen. */
    final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Connection connection;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    RowWatcher(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::loop, "bench-row-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try (Statement s = connection.createStatement()) {
            while (running) {
                long now = System.currentTimeMillis();
                try (ResultSet rs = s.executeQuery("SELECT request_id FROM " + AuditLogTable.TABLE)) {
                    while (rs.next()) {
                        seenAt.putIfAbsent(rs.getString(1), now);
                    }
                }
                Thread.sleep(INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    int seen() throws Exception {
        if (failure != null) {
            throw failure;
        }
        return seenAt.size();
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5_000);
        connection.close();
    }
}
