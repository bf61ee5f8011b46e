package org.ttsaudit.pipeline.sinks;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows (as value arrays, so object reuse upstream cannot change them) and writes them as
 * one JDBC batch in one transaction. Transient errors are retried on a fresh connection with
 * backoff; anything else fails the task, and Flink replays from the last checkpoint.
 */
final class JdbcUpsertWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcUpsertWriter.class);

    private final JdbcSettings settings;
    private final UpsertTable<T> table;
    private final ProcessingTimeService timers;
    private final Counter rowsWritten;
    private final List<Object[]> buffer = new ArrayList<>();
    private Connection connection;
    private boolean timerSet;

    JdbcUpsertWriter(JdbcSettings settings, UpsertTable<T> table, ProcessingTimeService timers, SinkWriterMetricGroup metrics) {
        this.settings = settings;
        this.table = table;
        this.timers = timers;
        this.rowsWritten = metrics.getNumRecordsSendCounter();
    }

    @Override
    public void write(T record, Context context) throws IOException {
        buffer.add(table.mapper.toRow(record));
        if (buffer.size() >= settings.batchSize) {
            flushBuffer();
        } else if (!timerSet && settings.flushIntervalMs > 0) {
            timerSet = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + settings.flushIntervalMs, time -> {
                timerSet = false;
                flushBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                execute();
                rowsWritten.inc(buffer.size());
                buffer.clear();
                return;
            } catch (SQLException e) {
                closeConnection();
                if (attempt >= settings.maxRetries || !transientError(e)) {
                    throw new IOException("writing " + buffer.size() + " rows to " + table.table + " failed: "
                            + e.getMessage(), e);
                }
                LOG.warn("batch write to {} failed (attempt {}), retrying: {}", table.table, attempt + 1, e.getMessage());
                sleep(100L << Math.min(attempt, 6));
            }
        }
    }

    private void execute() throws SQLException {
        if (connection == null || !connection.isValid(5)) {
            closeConnection();
            connection = settings.connect();
            connection.setAutoCommit(false);
        }
        try (PreparedStatement statement = connection.prepareStatement(table.sql)) {
            for (Object[] row : buffer) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is dropped next; its transaction ends with it.
            }
            throw e;
        }
    }

    /** Connection loss, deadlock and lock-wait timeouts are worth a retry; bad SQL or data is not. */
    static boolean transientError(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.equals("40001") || e.getErrorCode() == 1205 || e.getErrorCode() == 1213
                || e.getCause() instanceof SQLException && transientError((SQLException) e.getCause());
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrying a batch", e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; a new one is opened on the next write.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
