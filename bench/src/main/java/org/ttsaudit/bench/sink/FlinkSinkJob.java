package org.ttsaudit.bench.sink;

import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * A JDBC sink of audit rows (ours as the job builds it, or the connector with its defaults) behind a generator source, on a local
 * MiniCluster with the job's own Flink configuration. Timed from the source making the first row
 * to the end of the job (the last batch committed); deploying the job is reported apart.
 */
final class FlinkSinkJob implements Contender {
    /** When the first row passed into the sink's chain, in this JVM (the MiniCluster runs here). */
    static final AtomicLong FIRST_ROW = new AtomicLong();

    private final String label;
    private final Configuration config;
    private final Consumer<DataStream<AuditRecord>> sink;
    private final int maxRows;
    private final AuditRows generator;
    private double lastDeploySeconds;

    /**
     * {@code sink} attaches the sink to the rows in a job with the Flink configuration TtsJob
     * derives from {@code config}; a run writes at most {@code maxRows} of the rows it is given
     * (a slow contender's rate needs fewer).
     */
    FlinkSinkJob(String label, Configuration config, Consumer<DataStream<AuditRecord>> sink, int maxRows,
                 AuditRows generator) {
        this.label = label;
        this.config = config;
        this.sink = sink;
        this.maxRows = maxRows;
        this.generator = generator;
    }

    @Override
    public String name() {
        return label;
    }

    double lastDeploySeconds() {
        return lastDeploySeconds;
    }

    @Override
    public Written write(List<AuditRecord> rows) throws Exception {
        int count = Math.min(rows.size(), maxRows);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TtsJob.jobConfiguration(config));
        env.setParallelism(1);
        sink.accept(env.fromSource(new DataGeneratorSource<>(new StampFirstRow(generator), count,
                TypeInformation.of(AuditRecord.class)), WatermarkStrategy.noWatermarks(), "audit-rows"));
        FIRST_ROW.set(0);
        long submitted = System.nanoTime();
        env.execute("bench-audit-sink");
        long end = System.nanoTime();
        lastDeploySeconds = (FIRST_ROW.get() - submitted) / 1e9;
        return new Written(count, (end - FIRST_ROW.get()) / 1e9);
    }

    /** The rows, noting when the source made the first one (no extra operator between source and sink). */
    static final class StampFirstRow implements GeneratorFunction<Long, AuditRecord> {
        private static final long serialVersionUID = 1L;
        private final AuditRows rows;

        StampFirstRow(AuditRows rows) {
            this.rows = rows;
        }

        @Override
        public AuditRecord map(Long index) {
            if (FIRST_ROW.get() == 0) {
                FIRST_ROW.compareAndSet(0, System.nanoTime());
            }
            return rows.row(index);
        }
    }
}
