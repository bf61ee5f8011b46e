package org.ttsaudit.bench.inference;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
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
 *
 * <p>Every run of a suite goes to one MiniCluster, as a job's restarts and redeployments go to one
 * running cluster. A MiniCluster of its own per run (what {@code env.execute()} starts) loads
 * Flink's RPC system into a new class loader each time, and the JIT compiled it again while the
 * clock ran: in the fourth of four runs, JFR still recorded hundreds of compilations in the timed
 * part, among them Flink's ComponentClassLoader.loadClass (292 ms), on the core beside the model.
 */
final class OperatorRun implements AutoCloseable {
    /**
     * Throughput, audio made, mean model-call size, each request's latency (ms, source to result)
     * and that of the short ones (texts under {@link #SHORT_TEXT_CHARS}) alone.
     */
    record Timing(double requestsPerSecond, double audioSeconds, double seconds, double meanBatch, double[] latencyMs,
                  double modelSeconds, double modelCalls, double[] shortLatencyMs, Cores.Use modelThread) {

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
    private static final AtomicInteger EXPECTED = new AtomicInteger();
    /** Results so far: counted, since the queue's size() walks the whole queue on every result. */
    private static final AtomicInteger COLLECTED = new AtomicInteger();
    /** The model thread's readings when the first request leaves the source and when the last result arrives. */
    private static final AtomicReference<Cores.Use> MODEL_AT_START = new AtomicReference<>(Cores.Use.NONE);
    private static final AtomicReference<Cores.Use> MODEL_AT_END = new AtomicReference<>(Cores.Use.NONE);

    static final int SHORT_TEXT_CHARS = 100;
    /** The operator's model thread: MicroBatchingAsyncFunction's worker. */
    private static final String MODEL_THREAD = "micro-batcher";

    private final MiniCluster cluster;

    /** Starts the MiniCluster the runs go to: one TaskManager, one slot. */
    OperatorRun() throws Exception {
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setNumTaskManagers(1).setNumSlotsPerTaskManager(1)
                .withRandomPorts().build());
        cluster.start();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    Timing run(Configuration config, BatchOptions options, List<TtsRequest> requests) throws Exception {
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
        EXPECTED.set(requests.size());
        COLLECTED.set(0);
        MODEL_AT_START.set(Cores.Use.NONE);
        MODEL_AT_END.set(Cores.Use.NONE);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("bench-inference");
        cluster.executeJobBlocking(graph.getJobGraph());
        Cores.Use modelThread = MODEL_AT_END.get().since(MODEL_AT_START.get());
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
                calls, shortLatency, modelThread);
    }

    /**
     * Sets the request's ingest time, the start of the latency its result reports; notes the first
     * one, and reads the model's thread (started when the operator opened) before it goes on.
     */
    static final class StampIngest implements MapFunction<TtsRequest, TtsRequest> {
        @Override
        public TtsRequest map(TtsRequest request) {
            if (FIRST_IN.get() == 0) {
                MODEL_AT_START.set(Cores.use(MODEL_THREAD));
                FIRST_IN.set(System.nanoTime());
            }
            request.ingestTime = System.currentTimeMillis();
            return request;
        }
    }

    /** Keeps every result for the bench and notes when the last one arrived; reads the model's thread then. */
    static final class Collect implements MapFunction<SynthesisResult, SynthesisResult> {
        @Override
        public SynthesisResult map(SynthesisResult result) {
            RESULTS.add(result);
            LAST_OUT.set(System.nanoTime());
            if (COLLECTED.incrementAndGet() == EXPECTED.get()) {
                MODEL_AT_END.set(Cores.use(MODEL_THREAD));
            }
            return result;
        }
    }
}
