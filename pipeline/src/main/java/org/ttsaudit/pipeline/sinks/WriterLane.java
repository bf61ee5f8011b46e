package org.ttsaudit.pipeline.sinks;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a writer and the thread that uses it. Batches handed to a lane run one at a
 * time, in the order given, each as one transaction of multi-row upserts; transient errors are
 * retried on a fresh connection with backoff. At most one batch is in flight: {@link #submit}
 * first waits for the previous one, so a slow database back-pressures the task instead of
 * filling memory.
 */
final class WriterLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterLane.class);
    /** The most placeholders one statement may have (the server's limit for prepared statements). */
    private static final int MAX_PLACEHOLDERS = 65_535;
    /** More per statement saves nothing; the server's max_allowed_packet may set a lower bound. */
    private static final long MAX_STATEMENT_BYTES = 8L << 20;

    private final JdbcSettings settings;
    private final UpsertTable<?> table;
    private final int maxRows;
    private final ExecutorService thread;
    private Future<Integer> inFlight;
    /** The connection, its statement for a full batch and its size budget: used only on the lane's thread. */
    private Connection connection;
    private PreparedStatement fullBatch;
    private long statementBytes;

    /** {@code batchSize}: the most rows the writer hands over at once, which one statement holds if it can. */
    WriterLane(JdbcSettings settings, UpsertTable<?> table, int index, int batchSize) {
        this.settings = settings;
        this.table = table;
        this.maxRows = Math.max(1, Math.min(batchSize, MAX_PLACEHOLDERS / table.columns.size()));
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdbc-sink-" + table.table + "-" + index);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the batch in flight, then starts writing {@code rows}; returns the rows the earlier batch wrote. */
    int submit(List<Object[]> rows) throws IOException {
        int written = await();
        inFlight = thread.submit(() -> write(rows));
        return written;
    }

    /** Waits for the batch in flight, if any, and returns its row count; its failure is thrown here. */
    int await() throws IOException {
        if (inFlight == null) {
            return 0;
        }
        try {
            return inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("writing to " + table.table + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a batch to " + table.table, e);
        } finally {
            inFlight = null;
        }
    }

    private int write(List<Object[]> rows) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                execute(rows);
                return rows.size();
            } catch (SQLException e) {
                closeConnection();
                if (attempt >= settings.maxRetries || !JdbcUpsertWriter.transientError(e)) {
                    throw new IOException("writing " + rows.size() + " rows to " + table.table + " failed: " + e.getMessage(), e);
                }
                LOG.warn("batch write to {} failed (attempt {}), retrying: {}", table.table, attempt + 1, e.getMessage());
                sleep(100L << Math.min(attempt, 6));
            }
        }
    }

    private void execute(List<Object[]> rows) throws SQLException {
        if (connection == null || !connection.isValid(5)) {
            closeConnection();
            connection = settings.connect();
            connection.setAutoCommit(false);
            statementBytes = Math.min(MAX_STATEMENT_BYTES, maxAllowedPacket(connection) / 2);
        }
        try {
            for (int from = 0; from < rows.size(); ) {
                int count = rowsInStatement(rows, from);
                upsert(rows, from, count);
                from += count;
            }
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

    /**
     * One multi-row statement, bound once. (A JDBC batch rewritten by the driver binds every row
     * twice, once when it is added and once into the rewritten statement.)
     */
    private void upsert(List<Object[]> rows, int from, int count) throws SQLException {
        boolean full = count == maxRows;
        if (full && fullBatch == null) {
            fullBatch = connection.prepareStatement(table.sql(maxRows));
        }
        PreparedStatement statement = full ? fullBatch : connection.prepareStatement(table.sql(count));
        try {
            int parameter = 1;
            for (int r = from; r < from + count; r++) {
                for (Object value : rows.get(r)) {
                    bind(statement, parameter++, value);
                }
            }
            statement.executeUpdate();
        } finally {
            if (!full) {
                statement.close();
            }
        }
    }

    /** The typed setters skip the driver's lookup of a type for every value; anything else goes by setObject. */
    private static void bind(PreparedStatement statement, int parameter, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(parameter, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(parameter, s);
        } else if (value instanceof Long l) {
            statement.setLong(parameter, l);
        } else if (value instanceof Integer i) {
            statement.setInt(parameter, i);
        } else if (value instanceof Double d) {
            statement.setDouble(parameter, d);
        } else {
            statement.setObject(parameter, value);
        }
    }

    /** As many rows as fit in one statement's size budget, at least one, at most {@link #maxRows}. */
    private int rowsInStatement(List<Object[]> rows, int from) {
        int most = Math.min(maxRows, rows.size() - from);
        long bytes = 0;
        for (int n = 0; n < most; n++) {
            bytes += upperBoundBytes(rows.get(from + n));
            if (bytes > statementBytes && n > 0) {
                return n;
            }
        }
        return most;
    }

    /** A string takes at most 3 bytes a char in UTF-8, twice that escaped; any other value fits in 32. */
    private static long upperBoundBytes(Object[] row) {
        long bytes = 0;
        for (Object value : row) {
            bytes += value instanceof String s ? 6L * s.length() + 4 : 32;
        }
        return bytes;
    }

    private static long maxAllowedPacket(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
            rs.next();
            return rs.getLong(1);
        }
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
        fullBatch = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; a new one is opened on the next batch.
            }
            connection = null;
        }
    }

    /** Lets a running batch finish (bounded), then closes the connection on the lane's own thread. */
    @Override
    public void close() throws InterruptedException {
        if (thread.isShutdown()) {
            return;
        }
        thread.submit(this::closeConnection);
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
