package org.ttsaudit.pipeline.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
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
import org.ttsaudit.pipeline.alerts.AlertSerializer;
import org.ttsaudit.pipeline.alerts.AlertTable;
import org.ttsaudit.pipeline.audit.Masker;
import org.ttsaudit.pipeline.metrics.MetricsTables;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.DeadLetterSerializer;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.sinks.ResultSerializer;

/**
 * The deployable job: real Kafka source and sinks around {@link TtsWorkflow}. A Flink cluster runs
 * {@link #main}, under the cluster's own policy; {@code ./tts run} and {@code ./tts local} call
 * {@link #start} on a MiniCluster in their process, under the policy of {@link #localConfiguration}.
 */
public final class TtsJob {
    public static final String NAME = "tts-pipeline";

    private TtsJob() {}

    /** {@code --config FILE} and {@code --key value} pairs. */
    public static void main(String[] args) throws Exception {
        Configuration config = configFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(config));
        build(env, config);
        env.execute(NAME);
    }

    /** The job on a MiniCluster in this process; restored from {@code execution.state-recovery.path} when set. */
    public static JobClient start(Configuration config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(localConfiguration(config));
        build(env, config);
        return env.executeAsync(NAME);
    }

    /**
     * The workflow on the real Kafka source and sinks. The database is tried first: a wrong
     * password or TLS setting fails here, with its reason.
     */
    public static void build(StreamExecutionEnvironment env, Configuration config) {
        JdbcSettings.from(config).checkConnection();
        TtsWorkflow.define(env, kafkaSource(config), config, sinks(config));
    }

    /** Kafka topics and MySQL tables, each sink named and with a stable uid. */
    public static TtsWorkflow.Sinks sinks(Configuration config) {
        JdbcSettings jdbc = JdbcSettings.from(config);
        return new TtsWorkflow.Sinks(
                auditLog(jdbc.sink(AuditLogTable.upsert()), config.get(TtsOptions.SINK_WRITERS)),
                to(kafkaSink(config, new ResultSerializer(config.get(TtsOptions.TOPIC_RESULTS))), "results-kafka"),
                to(kafkaSink(config, new DeadLetterSerializer(config.get(TtsOptions.TOPIC_DLQ), Masker.from(config))),
                        "dead-letter-kafka"),
                to(jdbc.sink(MetricsTables.failures()), "failure-metrics-mysql"),
                to(jdbc.sink(MetricsTables.emotions()), "emotion-metrics-mysql"),
                to(jdbc.sink(MetricsTables.errors()), "error-metrics-mysql"),
                to(jdbc.sink(MetricsTables.lateRecords()), "late-records-mysql"),
                to(jdbc.sink(AlertTable.upsert()), "alerts-mysql"),
                to(kafkaSink(config, new AlertSerializer(config.get(TtsOptions.TOPIC_ALERTS))), "alerts-kafka"));
    }

    /**
     * The audit log is the one high-volume table: {@code writers} sink subtasks per subtask of the
     * stream, the records spread over them. One request id's record is written once per attempt,
     * so no two writers hold the same key at once; with one writer the sink chains to the stream.
     */
    public static Consumer<DataStream<AuditRecord>> auditLog(Sink<AuditRecord> sink, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException(TtsOptions.SINK_WRITERS.key() + " must be >= 1, got " + writers);
        }
        return stream -> (writers == 1 ? stream : stream.rebalance()).sinkTo(sink).name("audit-log-mysql")
                .uid("audit-log-mysql").setParallelism(writers * stream.getParallelism());
    }

    /** Attaches {@code sink} under {@code name}, also its uid, so state maps back after a change. */
    public static <T> Consumer<DataStream<T>> to(Sink<T> sink, String name) {
        return stream -> stream.sinkTo(sink).name(name).uid(name);
    }

    /**
     * What the job needs wherever it runs: checkpointing on, since the sinks flush and the source
     * commits its offsets on each checkpoint. Restart strategy, checkpoint storage, state backend
     * and parallelism are left to whoever runs it.
     */
    public static Configuration jobConfiguration(Configuration config) {
        Configuration flink = new Configuration(config);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(config.get(TtsOptions.CHECKPOINT_MS)));
        return flink;
    }

    /**
     * The policy a cluster would give, for the MiniCluster of {@code ./tts run}: checkpoints in
     * {@code checkpoint.dir}, the newest kept when the job ends, so a restarted process resumes
     * with its windows and alert episodes; restarts with exponential delay and no limit, so an
     * outage of the database or the broker is waited out (a restart-strategy.* key in the
     * configuration replaces this); {@code job.parallelism}.
     */
    public static Configuration localConfiguration(Configuration config) {
        Configuration flink = jobConfiguration(config);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.get(TtsOptions.PARALLELISM));
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Path.of(config.get(TtsOptions.CHECKPOINT_DIR)).toAbsolutePath().normalize().toUri().toString());
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (!config.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, config.get(TtsOptions.RESTART_MAX_BACKOFF));
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        }
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
