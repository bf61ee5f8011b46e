package org.ttsaudit.pipeline.sinks;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Buffers rows (as value arrays, so object reuse upstream cannot change them) and hands full
 * batches to {@link WriterLane}s, which write them on their own connections while the task goes
 * on; {@code sink.batch-size} rows are split over the lanes, so each sends batches of its share. A row's lane follows its {@link UpsertTable#orderColumn}, so two writes of one key are
 * never in flight on two connections at once and land in the order they came; a table without
 * one uses a single lane. {@link #flush} (every checkpoint, end of input) sends what is buffered
 * and waits until every lane has committed, so a checkpoint never covers an unwritten row.
 * A batch that still fails after its retries fails the task, and Flink replays from the last
 * checkpoint.
 */
final class JdbcUpsertWriter<T> implements SinkWriter<T> {
    private final JdbcSettings settings;
    private final UpsertTable<T> table;
    private final ProcessingTimeService timers;
    private final Counter rowsWritten;
    private final WriterLane[] lanes;
    private final List<List<Object[]>> buffers = new ArrayList<>();
    /** Rows at which each lane's buffer is sent; see {@link #stagger}. */
    private final int[] sendAt;
    /** The batch size split over the lanes, so the writer holds as many rows as one connection would. */
    private final int laneBatch;
    private boolean timerSet;

    JdbcUpsertWriter(JdbcSettings settings, UpsertTable<T> table, ProcessingTimeService timers, SinkWriterMetricGroup metrics) {
        this.settings = settings;
        this.table = table;
        this.timers = timers;
        this.rowsWritten = metrics.getNumRecordsSendCounter();
        int count = table.orderColumn < 0 ? 1 : settings.connections;
        this.lanes = new WriterLane[count];
        this.sendAt = new int[count];
        this.laneBatch = Math.max(1, settings.batchSize / count);
        for (int i = 0; i < count; i++) {
            lanes[i] = new WriterLane(settings, table, i, laneBatch);
            buffers.add(new ArrayList<>());
        }
        stagger();
    }

    @Override
    public void write(T record, Context context) throws IOException {
        Object[] row = table.mapper.toRow(record);
        int lane = lanes.length == 1 ? 0 : lane(row[table.orderColumn], lanes.length);
        List<Object[]> buffer = buffers.get(lane);
        buffer.add(row);
        if (buffer.size() >= sendAt[lane]) {
            send(lane);
            sendAt[lane] = laneBatch;
        } else if (!timerSet && settings.flushIntervalMs > 0) {
            timerSet = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + settings.flushIntervalMs, time -> {
                timerSet = false;
                sendAll();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        sendAll();
        for (WriterLane lane : lanes) {
            rowsWritten.inc(lane.await());
        }
    }

    static int lane(Object key, int lanes) {
        return Math.floorMod(Objects.hashCode(key), lanes);
    }

    private void sendAll() throws IOException {
        for (int i = 0; i < lanes.length; i++) {
            if (!buffers.get(i).isEmpty()) {
                send(i);
            }
        }
        stagger();
    }

    private void send(int lane) throws IOException {
        rowsWritten.inc(lanes[lane].submit(buffers.get(lane)));
        buffers.set(lane, new ArrayList<>());
    }

    /**
     * Keys spread evenly, so lanes fill at the same pace; sending lane i's first batch at (i+1)/n
     * of a full one keeps them out of step, and one lane's statement is built on the client while
     * another's runs on the server, instead of all of them queueing at the server together.
     */
    private void stagger() {
        for (int i = 0; i < lanes.length; i++) {
            sendAt[i] = Math.max(1, laneBatch * (i + 1) / lanes.length);
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

    @Override
    public void close() throws InterruptedException {
        for (WriterLane lane : lanes) {
            lane.close();
        }
    }
}
