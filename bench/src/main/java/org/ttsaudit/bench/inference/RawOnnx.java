package org.ttsaudit.bench.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.inference.batch.CostGrouping;
import org.ttsaudit.inference.onnx.Device;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.synthesis.TtsBatchHandler;
import org.ttsaudit.pipeline.text.Emotions;
import org.ttsaudit.pipeline.text.Tokenizer;

/**
 * The baseline: ONNX Runtime alone, on the bundled synthesizer, with the same session options the
 * operator uses. Everything the model needs (tokens, speaker embeddings, emotion vectors, padded
 * batches) is prepared before the clock starts; a timed run creates the tensors, runs the session
 * and reads the waveforms back, batch after batch.
 */
final class RawOnnx implements AutoCloseable {
    /** One model call's inputs, ready to become tensors. */
    record Prepared(long[][] tokens, long[] lengths, float[][] speaker, float[][] emotion, float[] scale) {}

    /** Requests per second, audio seconds made, and each call's time in milliseconds. */
    record Timing(double requestsPerSecond, double audioSeconds, double seconds, double[] callMs) {}

    private final OnnxModel synthesizer;
    private final OnnxModel speakerEncoder;
    private final Tokenizer tokenizer;
    private final int sampleRate;
    private final double msPerToken;

    RawOnnx(Configuration config) throws Exception {
        int threads = config.get(TtsOptions.INFERENCE_THREADS);
        synthesizer = OnnxModel.load(config.get(TtsOptions.MODEL_SYNTH), Device.CPU, threads);
        speakerEncoder = OnnxModel.load(config.get(TtsOptions.MODEL_SPEAKER), Device.CPU, threads);
        tokenizer = Tokenizer.fromCard(synthesizer.card());
        sampleRate = synthesizer.card().sampleRate();
        msPerToken = synthesizer.card().requiredInt("samples_per_token") * 1000.0 / sampleRate;
    }

    /**
     * The requests cut into the batches the operator forms with {@code options} while its queue
     * stays full (the source outpaces the model), padded as the operator pads them: each batch is
     * what {@link CostGrouping} picks, with the handler's cost hint, from the oldest
     * {@code capacity - maxBatchSize} waiting requests.
     */
    List<Prepared> prepare(Workload workload, List<TtsRequest> requests, BatchOptions options) throws Exception {
        float[][] voices = new float[Workload.VOICES][];
        for (int v = 0; v < Workload.VOICES; v++) {
            voices[v] = embed(Wav.decode(Files.readAllBytes(workload.voice(v))).samples());
        }
        List<Prepared> batches = new ArrayList<>();
        for (List<Integer> indices : operatorBatches(requests, options)) {
            List<TtsRequest> batch = indices.stream().map(requests::get).toList();
            int rows = batch.size();
            long[][] tokenRows = new long[rows][];
            for (int r = 0; r < rows; r++) {
                tokenRows[r] = tokenizer.tokenize(batch.get(r).text, batch.get(r).pinyin);
            }
            int width = 0;
            for (long[] t : tokenRows) {
                width = Math.max(width, t.length);
            }
            Prepared p = new Prepared(new long[rows][width], new long[rows], new float[rows][], new float[rows][], new float[rows]);
            for (int r = 0; r < rows; r++) {
                TtsRequest q = batch.get(r);
                System.arraycopy(tokenRows[r], 0, p.tokens[r], 0, tokenRows[r].length);
                p.lengths[r] = tokenRows[r].length;
                p.speaker[r] = voices[Workload.voiceOf(indices.get(r))];
                p.emotion[r] = Emotions.resolve(null, q.emotionDesc, q.emotionIntensity);
                p.scale[r] = 1f;
            }
            batches.add(p);
        }
        return batches;
    }

    private List<List<Integer>> operatorBatches(List<TtsRequest> requests, BatchOptions options) {
        int window = Math.max(options.maxBatchSize, options.capacity - options.maxBatchSize);
        List<Integer> waiting = new ArrayList<>();
        int next = 0;
        List<List<Integer>> batches = new ArrayList<>();
        while (next < requests.size() || !waiting.isEmpty()) {
            while (waiting.size() < window && next < requests.size()) {
                waiting.add(next++);
            }
            double[] costs = waiting.stream().mapToDouble(i -> TtsBatchHandler.expectedMs(requests.get(i), msPerToken)).toArray();
            int[] picked = CostGrouping.pick(costs, options.maxBatchSize);
            List<Integer> batch = new ArrayList<>();
            for (int k = picked.length - 1; k >= 0; k--) {
                batch.add(0, waiting.remove(picked[k]));
            }
            batches.add(batch);
        }
        return batches;
    }

    Timing run(List<Prepared> batches, int requests) throws Exception {
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = synthesizer.card();
        double[] callMs = new double[batches.size()];
        long samples = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches.size(); b++) {
            Prepared p = batches.get(b);
            long callStart = System.nanoTime();
            try (OnnxTensor t = OnnxTensor.createTensor(env, p.tokens);
                 OnnxTensor l = OnnxTensor.createTensor(env, p.lengths);
                 OnnxTensor s = OnnxTensor.createTensor(env, p.speaker);
                 OnnxTensor e = OnnxTensor.createTensor(env, p.emotion);
                 OnnxTensor d = OnnxTensor.createTensor(env, p.scale);
                 OrtSession.Result out = synthesizer.run(Map.of(
                         card.input("tokens"), t, card.input("token_lengths"), l, card.input("speaker"), s,
                         card.input("emotion"), e, card.input("duration_scale"), d))) {
                float[][] waves = (float[][]) out.get(card.output("waveform")).orElseThrow().getValue();
                long[] lengths = (long[]) out.get(card.output("waveform_lengths")).orElseThrow().getValue();
                for (int r = 0; r < waves.length; r++) {
                    samples += lengths[r];
                }
            }
            callMs[b] = (System.nanoTime() - callStart) / 1e6;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timing(requests / seconds, samples / (double) sampleRate, seconds, callMs);
    }

    private float[] embed(float[] samples) throws Exception {
        ModelCard card = speakerEncoder.card();
        try (OnnxTensor audio = OnnxTensor.createTensor(OnnxModel.environment(), new float[][] {samples});
             OrtSession.Result out = speakerEncoder.run(Map.of(card.input("audio"), audio))) {
            return ((float[][]) out.get(card.output("embedding")).orElseThrow().getValue())[0];
        }
    }

    @Override
    public void close() throws Exception {
        synthesizer.close();
        speakerEncoder.close();
    }
}
