package org.ttsaudit.bench.sink;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * Our sink as the job uses it: {@code TtsJob.auditLogSink} behind a generator source, on a local
 * MiniCluster with the job's own Flink configuration. Timed from the source making the first row
 * to the end of the job (the last batch committed); deploying the job is reported apart.
 */
final class FlinkSinkJob implements Contender {
    /** When the first row passed into the sink's chain, in this JVM (the MiniCluster runs here). */
    static final AtomicLong FIRST_ROW = new AtomicLong();

    private final Configuration config;
    private final AuditRows generator;
    private double lastDeploySeconds;

    FlinkSinkJob(Configuration config, AuditRows generator) {
        this.config = config;
        this.generator = generator;
    }

    @Override
    public String name() {
        return "our JdbcUpsertSink (Flink job, sink.connections=" + config.get(JdbcSettings.CONNECTIONS) + ", "
                + config.get(TtsOptions.SINK_BATCH) + "/batch)";
    }

    double lastDeploySeconds() {
        return lastDeploySeconds;
    }

    @Override
    public Written write(List<AuditRecord> rows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TtsJob.flinkConfiguration(config));
        env.fromSource(new DataGeneratorSource<>(new StampFirstRow(generator), rows.size(), TypeInformation.of(AuditRecord.class)),
                        WatermarkStrategy.noWatermarks(), "audit-rows")
                .sinkTo(TtsJob.auditLogSink(config)).name("audit-log-mysql");
        FIRST_ROW.set(0);
        long submitted = System.nanoTime();
        env.execute("bench-audit-sink");
        long end = System.nanoTime();
        lastDeploySeconds = (FIRST_ROW.get() - submitted) / 1e9;
        return new Written(rows.size(), (end - FIRST_ROW.get()) / 1e9);
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
