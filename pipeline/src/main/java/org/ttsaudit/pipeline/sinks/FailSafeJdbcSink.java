package org.ttsaudit.pipeline.sinks;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * flink-connector-jdbc's {@link JdbcSink}, except that its writer's {@code close()} does not throw.
 * The connector (4.0.0-2.0) rethrows from {@code close()} a flush that failed earlier, and closes
 * the writer again when the task is already failing: Flink takes an exception there as a fatal
 * error of the whole TaskManager, so a database outage stopped the job for good instead of
 * restarting it (OutageITCase). Nothing is lost by logging it instead: rows reach the database
 * only through flushes, a task that ends normally flushes (and fails on error) before it closes,
 * and whatever a failed task held is replayed from the last checkpoint.
 */
final class FailSafeJdbcSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>,
        SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FailSafeJdbcSink.class);

    private final JdbcSink<T> sink;

    FailSafeJdbcSink(JdbcSink<T> sink) {
        this.sink = sink;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(WriterInitContext context,
            Collection<JdbcWriterState> recoveredState) throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    private static final class Writer<T> implements StatefulSinkWriter<T, JdbcWriterState>,
            CommittingSinkWriter<T, JdbcCommitable> {
        private final JdbcWriter<T> writer;

        Writer(JdbcWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (Exception e) {
                LOG.warn("JDBC sink closed with rows it could not write; they are replayed from the last checkpoint: {}",
                        e.toString());
            }
        }
    }
}
