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
     * Warm-up runs of each contender: every run of the operator is a new job, and the JIT settles
     * only after several. In a probe of 2026-12-03 (runs of 2,048 requests) C2 took 4.8, 2.1, 2.2,
     * 1.1, 0.9 and 0.5 s of CPU in six runs in a row, on the core beside the model, and the
     * operator's ratio to raw ONNX Runtime was 0.70, 0.82, 0.82, 0.96, 0.91, 0.93; raw ONNX Runtime
     * has no such cost. A job that runs for hours pays it once.
     */
    private static final int WARMUPS = 3;

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
                + "espeak-ng (its library, in process), reference loading, WAV encoding and writing. Five rounds after three "
                + "warm-ups of each (every run of the operator is a new job, and the JIT settles only after several), "
                + "medians reported";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int n = ctx.size(REQUESTS, 16);
        int rounds = ctx.quick ? 1 : 5;
        int warmups = ctx.quick ? 1 : WARMUPS;
        Workload workload = new Workload(ctx.workDir.resolve("piper"));
        Configuration config = workload.config();
        config.set(TtsOptions.MODEL_SYNTH, VOICE);
        List<TtsRequest> requests = workload.requests(n);
        BatchOptions batched = BatchOptions.builder().maxBatchSize(16).build();
        try (RawPiper raw = new RawPiper(config); OperatorRun operator = new OperatorRun()) {
            ctx.fact("piper", n + " requests a run; voice " + raw.id() + ", ONNX Runtime CPU provider, one request per call");
            List<long[]> ids = raw.ids(requests);
            List<Runs.Result> r = Runs.rounds(warmups, rounds, List.of(
                    () -> raw.run(ids),
                    () -> raw.runWithFrontEnd(requests),
                    () -> operator.run(config, batched, requests).requestsPerSecond()));
            double rawRate = r.get(0).median();
            double rawWithFrontEnd = r.get(1).median();
            double operatorRate = r.get(2).median();
            ctx.say(String.format(Locale.ROOT, "piper: raw ORT %.1f req/s, raw ORT with espeak-ng %.1f req/s, operator %.1f req/s",
                    rawRate, rawWithFrontEnd, operatorRate));
            return List.of(
                    Figure.of(SUITE, "Piper voice: operator vs raw ONNX Runtime", operatorRate, UNIT, true)
                            .against("raw ORT, ids made before the clock", rawRate).goal(0.9)
                            .detail("operator " + r.get(2).spread(UNIT) + "; raw " + r.get(0).spread(UNIT))
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
