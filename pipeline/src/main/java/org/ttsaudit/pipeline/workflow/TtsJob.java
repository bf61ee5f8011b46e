package org.ttsaudit.pipeline.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.alerts.AlertDetector;
import org.ttsaudit.pipeline.alerts.AlertRules;
import org.ttsaudit.pipeline.alerts.AlertSerializer;
import org.ttsaudit.pipeline.alerts.AlertTable;
import org.ttsaudit.pipeline.audit.Masker;
import org.ttsaudit.pipeline.metrics.MetricsSettings;
import org.ttsaudit.pipeline.metrics.MetricsTables;
import org.ttsaudit.pipeline.metrics.MetricsWorkflow;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.DeadLetterSerializer;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.sinks.JdbcUpsertSink;
import org.ttsaudit.pipeline.sinks.ResultSerializer;
import org.ttsaudit.pipeline.sinks.UpsertTable;

/**
 * The deployable job: real Kafka source and sinks around {@link TtsWorkflow}. A Flink cluster runs
 * {@link #main}; {@code ./tts run} and {@code ./tts local} call {@link #start} on a MiniCluster.
 */
public final class TtsJob {
    public static final String NAME = "tts-pipeline";

    private TtsJob() {}

    /** {@code --config FILE} and {@code --key value} pairs. */
    public static void main(String[] args) throws Exception {
        Configuration config = configFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        build(env, config);
        env.execute(NAME);
    }

    public static JobClient start(Configuration config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        build(env, config);
        return env.executeAsync(NAME);
    }

    public static void build(StreamExecutionEnvironment env, Configuration config) {
        build(env, config, UnaryOperator.identity());
    }

    /**
     * {@code auditTap} sees the audit stream before every sink (tests inject failures there). The
     * database is tried first: a wrong password or TLS setting fails here, with its reason.
     */
    public static void build(StreamExecutionEnvironment env, Configuration config,
                             UnaryOperator<DataStream<AuditRecord>> auditTap) {
        JdbcSettings.from(config).checkConnection();
        TtsWorkflow.Outputs out = TtsWorkflow.define(env, kafkaSource(config), config);
        DataStream<AuditRecord> audit = auditTap.apply(out.audit());
        audit.sinkTo(auditLogSink(config)).name("audit-log-mysql").uid("audit-log-mysql");
        audit.sinkTo(kafkaSink(config, new ResultSerializer(config.get(TtsOptions.TOPIC_RESULTS))))
                .name("results-kafka").uid("results-kafka");
        out.deadLetters().sinkTo(kafkaSink(config, new DeadLetterSerializer(config.get(TtsOptions.TOPIC_DLQ),
                Masker.from(config))))
                .name("dead-letter-kafka").uid("dead-letter-kafka");

        MetricsSettings settings = MetricsSettings.from(config);
        MetricsWorkflow.Outputs metrics = MetricsWorkflow.define(audit, settings);
        metrics.failures().sinkTo(jdbcSink(config, MetricsTables.failures())).name("failure-metrics-mysql").uid("failure-metrics-mysql");
        metrics.emotions().sinkTo(jdbcSink(config, MetricsTables.emotions())).name("emotion-metrics-mysql").uid("emotion-metrics-mysql");
        metrics.errors().sinkTo(jdbcSink(config, MetricsTables.errors())).name("error-metrics-mysql").uid("error-metrics-mysql");
        metrics.late().sinkTo(jdbcSink(config, MetricsTables.lateRecords())).name("late-records-mysql").uid("late-records-mysql");

        DataStream<AlertEvent> alerts = metrics.failures()
                .keyBy(row -> row.mode)
                .process(new AlertDetector(AlertRules.from(config))).name("anomaly-detector").uid("anomaly-detector");
        alerts.sinkTo(jdbcSink(config, AlertTable.upsert())).name("alerts-mysql").uid("alerts-mysql");
        alerts.sinkTo(kafkaSink(config, new AlertSerializer(config.get(TtsOptions.TOPIC_ALERTS))))
                .name("alerts-kafka").uid("alerts-kafka");
    }

    /** Checkpointing on (sinks flush on each checkpoint), restarts with a fixed delay, parallelism. */
    public static Configuration flinkConfiguration(Configuration config) {
        Configuration flink = new Configuration(config);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(config.get(TtsOptions.CHECKPOINT_MS)));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.get(TtsOptions.PARALLELISM));
        return flink;
    }

    public static Source<RawRequest, ?, ?> kafkaSource(Configuration config) {
        return KafkaSource.<RawRequest>builder()
                .setBootstrapServers(TtsConfig.require(config, TtsOptions.KAFKA_BOOTSTRAP))
                .setTopics(config.get(TtsOptions.TOPIC_REQUESTS))
                .setGroupId(config.get(TtsOptions.KAFKA_GROUP))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new org.ttsaudit.pipeline.ingest.RawRequestDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    public static JdbcUpsertSink<AuditRecord> auditLogSink(Configuration config) {
        return jdbcSink(config, AuditLogTable.upsert());
    }

    static <T> JdbcUpsertSink<T> jdbcSink(Configuration config, UpsertTable<T> table) {
        return new JdbcUpsertSink<>(JdbcSettings.from(config), table);
    }

    /** At-least-once: consumers dedupe by request id (results) or source coordinates (dead letters). */
    static <T> KafkaSink<T> kafkaSink(Configuration config, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(TtsConfig.require(config, TtsOptions.KAFKA_BOOTSTRAP))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static Configuration configFromArgs(String[] args) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            String value = args[++i];
            if (key.equals("config")) {
                file = Path.of(value);
            } else {
                overrides.put(key, value);
            }
        }
        return TtsConfig.load(file, overrides);
    }
}
