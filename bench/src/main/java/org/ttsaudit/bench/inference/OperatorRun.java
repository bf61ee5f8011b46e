package org.ttsaudit.bench.inference;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.ttsaudit.inference.batch.AsyncInference;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.inference.batch.MicroBatchingAsyncFunction;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.synthesis.SynthesisSettings;
import org.ttsaudit.pipeline.synthesis.TtsHandlerFactory;

/**
 * Our operator as the job runs it: {@link MicroBatchingAsyncFunction} with the job's
 * {@code TtsBatchHandler}, wired by {@link AsyncInference}, in a Flink job on a local
 * MiniCluster (parallelism 1) between an in-memory source and a discarding sink. Timed from the
 * first request leaving the source to the last result reaching the sink, so deploying the job and
 * loading the sessions (in {@code open()}) stay outside. Every request must come back a success
 * with its WAV stored, or the run does not count.
 */
final class OperatorRun {
    /**
     * Throughput, audio made, mean model-call size, each request's latency (ms, source to result)
     * and that of the short ones (texts under {@link #SHORT_TEXT_CHARS}) alone.
     */
    record Timing(double requestsPerSecond, double audioSeconds, double seconds, double meanBatch, double[] latencyMs,
                  double modelSeconds, double modelCalls, double[] shortLatencyMs) {
        /** Mean wall time of one synthesizer call inside the operator, against raw ONNX Runtime's on the same batches. */
        double msPerCall() {
            return 1000 * modelSeconds / modelCalls;
        }

        /** The share of the run's wall time in synthesizer calls: what the operator leaves of the model's time. */
        double modelBusy() {
            return modelSeconds / seconds;
        }
    }

    /** This JVM runs the MiniCluster, so the job reports to the bench through these. */
    private static final AtomicLong FIRST_IN = new AtomicLong();
    private static final AtomicLong LAST_OUT = new AtomicLong();
    private static final Queue<SynthesisResult> RESULTS = new ConcurrentLinkedQueue<>();

    static final int SHORT_TEXT_CHARS = 100;

    private OperatorRun() {}

    static Timing run(Configuration config, BatchOptions options, List<TtsRequest> requests) throws Exception {
        Configuration flink = new Configuration();
        flink.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        DataStream<TtsRequest> in = env.fromData(TypeInformation.of(TtsRequest.class), requests.toArray(TtsRequest[]::new))
                .map(new StampIngest()).name("stamp-ingest");
        AsyncInference.apply(in, new TtsHandlerFactory(SynthesisSettings.from(config)), options,
                        TypeInformation.of(SynthesisResult.class)).name("synthesize")
                .map(new Collect()).name("collect")
                .sinkTo(new DiscardingSink<>());
        FIRST_IN.set(0);
        RESULTS.clear();
        env.execute("bench-inference");
        double seconds = (LAST_OUT.get() - FIRST_IN.get()) / 1e9;
        List<SynthesisResult> results = List.copyOf(RESULTS);
        if (results.size() != requests.size()) {
            throw new IllegalStateException(results.size() + " results for " + requests.size() + " requests");
        }
        double audioMs = 0;
        double batchSum = 0;
        double modelMs = 0;
        double calls = 0;
        double[] latency = new double[results.size()];
        for (int i = 0; i < results.size(); i++) {
            SynthesisResult r = results.get(i);
            if (!Status.SUCCESS.equals(r.status)) {
                throw new IllegalStateException("request " + r.request.requestId + " ended " + r.status + " " + r.errorCode
                        + ": " + r.errorMessage);
            }
            audioMs += r.achievedDurationMs;
            batchSum += r.batchSize;
            // Every request of a call reports the call's time, so each adds its share of it.
            modelMs += r.inferenceMs / (double) r.batchSize;
            calls += 1.0 / r.batchSize;
            latency[i] = r.totalMs;
        }
        double[] shortLatency = results.stream().filter(r -> r.request.text.length() < SHORT_TEXT_CHARS)
                .mapToDouble(r -> r.totalMs).toArray();
        return new Timing(requests.size() / seconds, audioMs / 1000, seconds, batchSum / results.size(), latency, modelMs / 1000,
                calls, shortLatency);
    }

    /** Sets the request's ingest time, the start of the latency its result reports; notes the first one. */
    static final class StampIngest implements MapFunction<TtsRequest, TtsRequest> {
        @Override
        public TtsRequest map(TtsRequest request) {
            FIRST_IN.compareAndSet(0, System.nanoTime());
            request.ingestTime = System.currentTimeMillis();
            return request;
        }
    }

    /** Keeps every result for the bench and notes when the last one arrived. */
    static final class Collect implements MapFunction<SynthesisResult, SynthesisResult> {
        @Override
        public SynthesisResult map(SynthesisResult result) {
            RESULTS.add(result);
            LAST_OUT.set(System.nanoTime());
            return result;
        }
    }
}
