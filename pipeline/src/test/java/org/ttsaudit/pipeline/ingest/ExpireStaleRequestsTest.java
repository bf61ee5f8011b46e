package org.ttsaudit.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;

class ExpireStaleRequestsTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    @Test
    void shouldPassRequestsUpToTheMaxAgeOnToSynthesis() throws Exception {
        Run run = run(MAX_AGE, request("young", NOW - 1_000), request("at-the-limit", NOW - 60_000));

        assertThat(run.passed).extracting(r -> r.requestId).containsExactly("young", "at-the-limit");
        assertThat(run.expired).isEmpty();
    }

    @Test
    void shouldExpireAnOlderRequestAsFailedWithItsAgeInsteadOfDroppingIt() throws Exception {
        TtsRequest stale = request("stale", NOW - 60_001);
        stale.ingestTime = NOW - 5;

        Run run = run(MAX_AGE, stale);

        assertThat(run.passed).isEmpty();
        assertThat(run.expired).singleElement().satisfies(result -> {
            assertThat(result.request.requestId).isEqualTo("stale");
            assertThat(result.status).isEqualTo("failed");
            assertThat(result.errorCode).isEqualTo("REQUEST_EXPIRED");
            assertThat(result.errorMessage).contains("waited 60.0 s", "request.max-age (60 s)", "submit it again");
            assertThat(result.outputAudioUrl).isNull();
        });
    }

    @Test
    void shouldCountTheAgeFromWhenTheRequestEnteredTheTopicNotFromItsEventTime() throws Exception {
        TtsRequest backfilled = request("backfilled", NOW - 2_000);
        backfilled.eventTime = NOW - Duration.ofDays(10).toMillis();

        assertThat(run(MAX_AGE, backfilled).passed).extracting(r -> r.requestId).containsExactly("backfilled");
    }

    @Test
    void shouldExpireNothingWhenSwitchedOffOrWhenTheEnqueueTimeIsUnknown() throws Exception {
        assertThat(run(Duration.ZERO, request("old", NOW - 3_600_000)).passed).hasSize(1);
        assertThat(run(MAX_AGE, request("unknown", 0)).passed).hasSize(1);
    }

    @Test
    void shouldNotCountTheTimeTheJobWasDownAgainstARequest() throws Exception {
        long restartedAt = NOW - 50_000;
        try (OneInputStreamOperatorTestHarness<TtsRequest, TtsRequest> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ExpireStaleRequests(MAX_AGE)))) {
            harness.setProcessingTime(restartedAt);
            harness.open();
            harness.setProcessingTime(NOW);
            harness.processElement(request("waited-out-an-outage", NOW - 3_600_000), 0);
            harness.setProcessingTime(restartedAt + 60_001);
            harness.processElement(request("then-waited-too-long", NOW - 3_600_000), 0);

            assertThat(harness.extractOutputValues()).extracting(r -> r.requestId).containsExactly("waited-out-an-outage");
            assertThat(harness.getSideOutput(ExpireStaleRequests.EXPIRED)).extracting(r -> r.getValue().request.requestId)
                    .containsExactly("then-waited-too-long");
        }
    }

    private record Run(List<TtsRequest> passed, List<SynthesisResult> expired) {}

    private static Run run(Duration maxAge, TtsRequest... requests) throws Exception {
        try (OneInputStreamOperatorTestHarness<TtsRequest, TtsRequest> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ExpireStaleRequests(maxAge))) {
            harness.setProcessingTime(NOW);
            for (TtsRequest r : requests) {
                harness.processElement(r, r.eventTime);
            }
            var side = harness.getSideOutput(ExpireStaleRequests.EXPIRED);
            List<SynthesisResult> expired = side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
            return new Run(harness.extractOutputValues(), expired);
        }
    }

    private static TtsRequest request(String id, long enqueuedAt) {
        TtsRequest r = new TtsRequest();
        r.requestId = id;
        r.eventTime = enqueuedAt;
        r.enqueuedAt = enqueuedAt;
        return r;
    }
}
