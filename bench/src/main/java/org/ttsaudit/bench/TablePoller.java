package org.ttsaudit.bench;

import java.sql.Connection;
import java.sql.Statement;

/**
 * Runs a query against a table on its own thread every interval, for suites that time when rows
 * become visible to a reader; the interval bounds the error (a row is seen up to one interval
 * after its commit). A failed query stops the polling and is thrown by {@link #check}.
 */
public final class TablePoller implements AutoCloseable {
    /** One poll: run the query and note what it found, {@code now} being when the poll began (epoch ms). */
    @FunctionalInterface
    public interface Poll {
        void run(Statement statement, long now) throws Exception;
    }

    private final Connection connection;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    public TablePoller(Connection connection, String name, long intervalMs, Poll poll) {
        this.connection = connection;
        this.thread = new Thread(() -> {
            try (Statement s = connection.createStatement()) {
                while (running) {
                    poll.run(s, System.currentTimeMillis());
                    Thread.sleep(intervalMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Throws what stopped the polling, if anything did. */
    public void check() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5_000);
        connection.close();
    }
}
