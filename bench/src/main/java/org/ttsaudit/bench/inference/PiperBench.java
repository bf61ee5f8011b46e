package org.ttsaudit.bench.inference;

import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.TtsRequest;

/** The synthetic Piper voice through the operator against raw ONNX Runtime on the same requests. */
public final class PiperBench implements Suite {
    private static final String SUITE = "piper";
    private static final String UNIT = "req/s";
    private static final String VOICE = "classpath:/models/piper-synthetic.onnx";
    /**
     * Requests a run: with 128 a run of the operator took some 0.6 s, of which the run's start (the
     * first voices embedded, the first batch's wait: 30 to 65 ms in the inference suite) was a
     * tenth; and the JIT's work in each new job weighs less in a longer run.
     */
    private static final int REQUESTS = 2048;
    /**
     * Warm-up runs of the operator before the rounds (raw ONNX Runtime's loop is hot after one).
     * Every run of the operator is a new job, but the JIT's counters are the JVM's: the batcher's
     * per-call methods run once a call, so C2 compiles them only after thousands of calls, and then
     * with the whole handler inlined. In a probe of 2026-12-03 (runs of 2,048 requests, JFR's
     * compilation events) C2 compiled for 6.6, 3.1, 2.9 and 2.5 s while the first four runs were
     * timed (MicroBatcher.attempt alone 810 ms, run 653 ms, nextBatch 554 ms, in the fourth and
     * fifth), and for 0.9 s in the fifth and sixth; on the core beside the model. A job that runs
     * for hours pays it once.
     */
    private static final int OPERATOR_WARMUPS = 5;

    @Override
    public String name() {
        return "Piper format";
    }

    @Override
    public String method() {
        return "the synthetic Piper voice (" + VOICE + ", Piper's export signature) on ONNX Runtime's CPU provider with the "
                + "operator's session options, on the inference suite's requests (Chinese sentences, so espeak-ng's "
                + "cmn-latn-pinyin voice). Raw ONNX Runtime calls the voice one request at a time, as Piper's export "
                + "requires, on phoneme ids made before the clock starts, and again with espeak-ng run for each request "
                + "in the timed loop; the operator is the job's (TtsBatchHandler with PiperVoice, max batch 16, one row "
                + "per model call) in a Flink job on a local MiniCluster, timed as in the inference suite, including "
                + "espeak-ng (its library, in process), reference loading, WAV encoding and writing. Five rounds, after one warm-up "
                + "run of raw ONNX Runtime and five of the operator (the JIT compiles the batcher's per-call path only after "
                + "thousands of calls, see PiperBench), medians reported";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int n = ctx.size(REQUESTS, 16);
        int rounds = ctx.quick ? 1 : 5;
        Workload workload = new Workload(ctx.workDir.resolve("piper"));
        Configuration config = workload.config();
        config.set(TtsOptions.MODEL_SYNTH, VOICE);
        List<TtsRequest> requests = workload.requests(n);
        BatchOptions batched = BatchOptions.builder().maxBatchSize(16).build();
        try (RawPiper raw = new RawPiper(config); OperatorRun operator = new OperatorRun()) {
            ctx.fact("piper", n + " requests a run; voice " + raw.id() + ", ONNX Runtime CPU provider, one request per call");
            List<long[]> ids = raw.ids(requests);
            OperatorRun.Timing[] last = new OperatorRun.Timing[1];
            Runs.Run operatorRun = () -> (last[0] = operator.run(config, batched, requests)).requestsPerSecond();
            for (int i = 1; i < (ctx.quick ? 1 : OPERATOR_WARMUPS); i++) {
                operatorRun.measure(); // the rest of its warm-ups; Runs.rounds makes one of each
            }
            List<Runs.Result> r = Runs.rounds(1, rounds, List.of(() -> raw.run(ids), () -> raw.runWithFrontEnd(requests), operatorRun));
            double rawRate = r.get(0).median();
            double rawWithFrontEnd = r.get(1).median();
            double operatorRate = r.get(2).median();
            ctx.say(String.format(Locale.ROOT, "piper: raw ORT %.1f req/s, raw ORT with espeak-ng %.1f req/s, operator %.1f req/s",
                    rawRate, rawWithFrontEnd, operatorRate));
            return List.of(
                    Figure.of(SUITE, "Piper voice: operator vs raw ONNX Runtime", operatorRate, UNIT, true)
                            .against("raw ORT, ids made before the clock", rawRate).goal(0.9)
                            .detail(String.format(Locale.ROOT, "operator %s; raw %s; in the operator's last run the "
                                    + "model's thread had %.2f s of CPU for %.2f s of calls (%d involuntary switches)",
                                    r.get(2).spread(UNIT), r.get(0).spread(UNIT), last[0].modelThread().cpuSeconds(),
                                    last[0].modelSeconds(), last[0].modelThread().involuntarySwitches()))
                            .limit(String.format(Locale.ROOT, FRONT_END, 1000 / rawRate, 1000 / rawWithFrontEnd)),
                    Figure.of(SUITE, "Piper voice: operator vs raw ONNX Runtime with espeak-ng per request", operatorRate, UNIT, true)
                            .against("raw ORT, espeak-ng in the timed loop", rawWithFrontEnd)
                            .detail("raw with espeak-ng " + r.get(1).spread(UNIT))
                            .limit("the same front end on both sides; the operator adds reference loading, WAV encoding "
                                    + "and writing (on other threads) and Flink's own work, on two shared cores"));
        }
    }

    private static final String FRONT_END = "the work around each model call: espeak-ng's library on the admitting threads "
            + "(its calls serialized: it keeps one global voice), then marking, WAV encoding, labelling and writing on the "
            + "storing threads, with Flink's own threads, on the cores beside the model's thread. In raw "
            + "ONNX Runtime's median runs a call of the synthetic voice took %.1f ms and one with espeak-ng before it "
            + "%.1f ms: with a call this short, per-request work weighs almost as much as the model. A real Piper "
            + "voice's network is far larger than the synthetic one's, so its calls are longer and the same work weighs "
            + "less beside them; not measured here, where no real voice can be downloaded";
}
