package org.ttsaudit.pipeline.ingest;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * Load shedding, right before synthesis: a request that has waited longer than
 * {@code request.max-age} since it entered the input topic is not synthesized. Its caller has
 * stopped waiting, and under overload synthesizing it would only make every request behind it
 * later; so it ends at once as {@code failed} / {@link ErrorCode#REQUEST_EXPIRED} on a side
 * output and is logged and answered like any other outcome, never dropped.
 *
 * <p>The age counts from the Kafka record timestamp, not from {@code submitted_at}: that is the
 * client's event time and may lawfully lie far in the past (a backfill, a replay with original
 * times), while the record timestamp is when the request started waiting for this job.
 *
 * <p>The job's own absence does not count against a request: the age counts from the later of the
 * record timestamp and the moment this operator (re)started. A request that waited out a crash, a
 * recovery or an upgrade gets its full max-age once the job is back; one that then waits longer
 * still behind the backlog is shed like any other.
 */
public class ExpireStaleRequests extends ProcessFunction<TtsRequest, TtsRequest> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SynthesisResult> EXPIRED = new OutputTag<>("expired") {};

    private final long maxAgeMs;
    private transient long startedAt;

    /** {@code maxAge} zero or negative: nothing expires. */
    public ExpireStaleRequests(Duration maxAge) {
        this.maxAgeMs = maxAge.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        startedAt = ((StreamingRuntimeContext) getRuntimeContext()).getProcessingTimeService().getCurrentProcessingTime();
    }

    @Override
    public void processElement(TtsRequest request, Context ctx, Collector<TtsRequest> out) {
        long age = ctx.timerService().currentProcessingTime() - Math.max(request.enqueuedAt, startedAt);
        if (maxAgeMs <= 0 || request.enqueuedAt <= 0 || age <= maxAgeMs) {
            out.collect(request);
            return;
        }
        ctx.output(EXPIRED, SynthesisResult.of(request, Status.FAILED, ErrorCode.REQUEST_EXPIRED.name(), String.format(Locale.ROOT,
                "request waited %.1f s for synthesis, longer than %s (%d s): the service was overloaded; submit it again",
                age / 1000.0, TtsOptions.REQUEST_MAX_AGE.key(), maxAgeMs / 1000)));
    }
}
