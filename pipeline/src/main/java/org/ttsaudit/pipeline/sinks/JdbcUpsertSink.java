package org.ttsaudit.pipeline.sinks;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Batched, idempotent JDBC sink. Rows are flushed when a batch fills, when the flush interval
 * passes, and before every checkpoint; with upserts on a unique key, a restart that replays from
 * the last checkpoint neither loses nor duplicates a row.
 */
public final class JdbcUpsertSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final JdbcSettings settings;
    private final UpsertTable<T> table;

    public JdbcUpsertSink(JdbcSettings settings, UpsertTable<T> table) {
        this.settings = settings;
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new JdbcUpsertWriter<>(settings, table, context.getProcessingTimeService(),
                context.metricGroup());
    }
}
