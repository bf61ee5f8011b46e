package org.ttsaudit.pipeline.workflow;

import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ttsaudit.inference.batch.AsyncInference;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.pipeline.alerts.AlertDetector;
import org.ttsaudit.pipeline.alerts.AlertRules;
import org.ttsaudit.pipeline.alerts.TrafficTotals;
import org.ttsaudit.pipeline.audit.ToAuditRecord;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.ExpireStaleRequests;
import org.ttsaudit.pipeline.ingest.FirstRecordPerRequestId;
import org.ttsaudit.pipeline.ingest.ParseRequests;
import org.ttsaudit.pipeline.ingest.ValidationRules;
import org.ttsaudit.pipeline.metrics.MetricsSettings;
import org.ttsaudit.pipeline.metrics.MetricsWorkflow;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;
import org.ttsaudit.pipeline.records.ErrorWindowRow;
import org.ttsaudit.pipeline.records.FailureWindowRow;
import org.ttsaudit.pipeline.records.ParsedRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.Rejection;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.synthesis.SynthesisSettings;
import org.ttsaudit.pipeline.synthesis.TtsHandlerFactory;

/**
 * The whole topology as a function of its source and its sinks: parse and validate, keep the
 * first record of each request id ({@link FirstRecordPerRequestId}), expire requests that waited
 * too long (load shedding), synthesize in micro-batches, mask into audit records, then windowed
 * metrics and the anomaly detector. {@link TtsJob} passes the real Kafka
 * and JDBC sinks; a test passes its own (or wraps the real ones), so both run this same graph.
 */
public final class TtsWorkflow {
    private TtsWorkflow() {}

    /**
     * Where each output goes. Each consumer attaches its sink (with a name and uid) to the stream
     * it is given: the masked audit records go to the log and the results topic, the rejections
     * and the repeats of a request id to the dead-letter topic, window rows and late records to
     * their tables, alerts to their table and topic.
     */
    public record Sinks(
            Consumer<DataStream<AuditRecord>> auditLog,
            Consumer<DataStream<AuditRecord>> results,
            Consumer<DataStream<Rejection>> deadLetters,
            Consumer<DataStream<FailureWindowRow>> failureMetrics,
            Consumer<DataStream<EmotionWindowRow>> emotionMetrics,
            Consumer<DataStream<ErrorWindowRow>> errorMetrics,
            Consumer<DataStream<AuditRecord>> lateRecords,
            Consumer<DataStream<AlertEvent>> alertLog,
            Consumer<DataStream<AlertEvent>> alertTopic) {

        /** The same sinks with the audit log written through {@code auditLog} instead. */
        public Sinks withAuditLog(Consumer<DataStream<AuditRecord>> auditLog) {
            return new Sinks(auditLog, results, deadLetters, failureMetrics, emotionMetrics, errorMetrics, lateRecords,
                    alertLog, alertTopic);
        }
    }

    public static void define(StreamExecutionEnvironment env, Source<RawRequest, ?, ?> source, Configuration config,
                              Sinks sinks) {
        DataStream<RawRequest> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "tts-requests")
                .uid("source-requests");

        SingleOutputStreamOperator<TtsRequest> requests = raw
                .process(new ParseRequests(ValidationRules.from(config)))
                .name("parse-and-validate").uid("parse-and-validate")
                .keyBy(ParsedRecord::requestId)
                .process(new FirstRecordPerRequestId(config.get(TtsOptions.REQUEST_DEDUPE_WINDOW)))
                .name("first-record-per-request-id").uid("first-record-per-request-id");
        DataStream<Rejection> rejections = requests.getSideOutput(FirstRecordPerRequestId.REJECTED);
        DataStream<Rejection> repeated = requests.getSideOutput(FirstRecordPerRequestId.REPEATED);

        SingleOutputStreamOperator<TtsRequest> fresh = requests
                .process(new ExpireStaleRequests(config.get(TtsOptions.REQUEST_MAX_AGE)))
                .name("expire-stale-requests").uid("expire-stale-requests");
        DataStream<SynthesisResult> expired = fresh.getSideOutput(ExpireStaleRequests.EXPIRED);

        DataStream<SynthesisResult> synthesized = AsyncInference.apply(
                        fresh, new TtsHandlerFactory(SynthesisSettings.from(config)), batchOptions(config),
                        TypeInformation.of(SynthesisResult.class))
                .name("synthesize").uid("synthesize");

        DataStream<SynthesisResult> rejected = rejections
                .map(SynthesisResult::rejected).returns(SynthesisResult.class)
                .name("rejection-outcome").uid("rejection-outcome");

        DataStream<AuditRecord> audit = synthesized.union(rejected, expired)
                .map(ToAuditRecord.from(config)).name("mask-to-audit-record").uid("mask-to-audit-record");
        sinks.auditLog().accept(audit);
        sinks.results().accept(audit);
        sinks.deadLetters().accept(rejections.union(repeated));

        MetricsWorkflow.Outputs metrics = MetricsWorkflow.define(audit, MetricsSettings.from(config));
        sinks.failureMetrics().accept(metrics.failures());
        sinks.emotionMetrics().accept(metrics.emotions());
        sinks.errorMetrics().accept(metrics.errors());
        sinks.lateRecords().accept(metrics.late());

        DataStream<FailureWindowRow> totals = metrics.failures()
                .keyBy(row -> TrafficTotals.ALL)
                .process(new TrafficTotals(config.get(TtsOptions.METRICS_WINDOW).toMillis()))
                .name("traffic-totals").uid("traffic-totals");
        DataStream<AlertEvent> alerts = metrics.failures().union(totals)
                .keyBy(row -> row.mode)
                .process(new AlertDetector(AlertRules.from(config))).name("anomaly-detector").uid("anomaly-detector");
        sinks.alertLog().accept(alerts);
        sinks.alertTopic().accept(alerts);
    }

    static BatchOptions batchOptions(Configuration config) {
        return BatchOptions.builder()
                .maxBatchSize(config.get(TtsOptions.INFERENCE_MAX_BATCH))
                .maxQueueDelayMs(config.get(TtsOptions.INFERENCE_MAX_DELAY_MS))
                .capacity(config.get(TtsOptions.INFERENCE_CAPACITY))
                .timeoutMs(config.get(TtsOptions.INFERENCE_TIMEOUT_MS))
                .ordered(config.get(TtsOptions.INFERENCE_ORDERED))
                .maxRetries(config.get(TtsOptions.INFERENCE_RETRIES))
                .retryBackoffMs(config.get(TtsOptions.INFERENCE_RETRY_BACKOFF_MS))
                .breakerThreshold(config.get(TtsOptions.INFERENCE_BREAKER_THRESHOLD))
                .breakerCooldownMs(config.get(TtsOptions.INFERENCE_BREAKER_COOLDOWN_MS))
                .build();
    }
}
