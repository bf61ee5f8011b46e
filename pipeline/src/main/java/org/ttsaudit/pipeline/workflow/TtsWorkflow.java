package org.ttsaudit.pipeline.workflow;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ttsaudit.inference.batch.AsyncInference;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.pipeline.audit.ToAuditRecord;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.ExpireStaleRequests;
import org.ttsaudit.pipeline.ingest.ParseRequests;
import org.ttsaudit.pipeline.ingest.ValidationRules;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.Rejection;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.synthesis.SynthesisSettings;
import org.ttsaudit.pipeline.synthesis.TtsHandlerFactory;

/**
 * The topology, as a function of its source: parse and validate, expire requests that waited too
 * long (load shedding), synthesize in micro-batches, mask into audit records. Sinks are attached
 * by the caller, so tests and the job share this code.
 */
public final class TtsWorkflow {
    private TtsWorkflow() {}

    /** The streams a deployment sinks: masked audit records and the dead letters. */
    public record Outputs(DataStream<AuditRecord> audit, DataStream<Rejection> deadLetters) {}

    public static Outputs define(StreamExecutionEnvironment env, Source<RawRequest, ?, ?> source, Configuration config) {
        DataStream<RawRequest> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "tts-requests")
                .uid("source-requests");

        SingleOutputStreamOperator<TtsRequest> requests = raw
                .process(new ParseRequests(ValidationRules.from(config)))
                .name("parse-and-validate").uid("parse-and-validate");
        DataStream<Rejection> rejections = requests.getSideOutput(ParseRequests.REJECTED);

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
        return new Outputs(audit, rejections);
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
