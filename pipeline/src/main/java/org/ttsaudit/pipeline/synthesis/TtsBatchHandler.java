package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.MetricGroup;
import org.ttsaudit.inference.batch.Batch;
import org.ttsaudit.inference.batch.BatchHandler;
import org.ttsaudit.inference.batch.CircuitOpenException;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.models.audio.WavFormatException;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferenceAudioLoader;
import org.ttsaudit.pipeline.text.Emotions;
import org.ttsaudit.pipeline.text.Tokenizer;

/**
 * Admits each request by putting its reference voice into the cache (fetched, checked and encoded
 * off the model's thread), then synthesizes one micro-batch: per request, conditioning (the cached
 * voice embedding, emotion vector, tokens, duration scale); then one synthesizer call for all
 * requests that got that far; then one WAV each to the audio store, on the storing threads, while
 * the worker goes on to the next batch. A request that fails on its own becomes its own result
 * and does not fail its neighbours.
 */
public final class TtsBatchHandler implements BatchHandler<TtsRequest, SynthesisResult> {
    /** Speech slowed or sped beyond this is no longer speech; the synthesizer's card allows 0.25..4. */
    private static final float MIN_SCALE = 0.25f;
    private static final float MAX_SCALE = 4f;
    /** Padded output samples per model call (16 M floats = 64 MB). */
    private static final double MAX_SAMPLES_PER_CALL = 16_000_000;

    private final OnnxModel synthesizer;
    private final OnnxModel speakerEncoder;
    private final Tokenizer tokenizer;
    private final ReferenceAudioLoader loader;
    private final ReferenceGate gate;
    private final AudioStore store;
    private final ProvenanceLabel label;
    private final SpeakerCache voices;
    /**
     * Encodes and writes the clips, side by side and off the model's thread: the synthesizer's
     * autoregressive loop dispatches its small operators from one thread, so the other cores are
     * free to store one batch while the model runs the next.
     */
    private final ExecutorService storing;
    /**
     * Admits requests: locates, fetches and encodes reference clips. Threads are made as needed;
     * the operator's capacity bounds how many requests are in admission at once.
     */
    private final ExecutorService admitting;
    private final int sampleRate;
    private final int samplesPerToken;
    private final int minReferenceSamples;
    private final double msPerToken;

    /** A request ready for the model. */
    private record Prepared(int index, long[] tokens, float[] speaker, float[] emotion, float scale,
                            SpeakerCache.Voice voice, Integer requestedMs) {}

    public TtsBatchHandler(SynthesisSettings settings) throws IOException, OrtException {
        this.synthesizer = OnnxModel.load(settings.synthesizerCard, settings.device, settings.intraOpThreads);
        this.speakerEncoder = OnnxModel.load(settings.speakerEncoderCard, settings.device, settings.intraOpThreads);
        ModelCard card = synthesizer.card();
        this.tokenizer = Tokenizer.fromCard(card);
        this.sampleRate = card.sampleRate();
        this.samplesPerToken = card.requiredInt("samples_per_token");
        this.minReferenceSamples = speakerEncoder.card().requiredInt("min_samples");
        this.msPerToken = samplesPerToken * 1000.0 / sampleRate;
        this.loader = new ReferenceAudioLoader(settings.referencePolicy, settings.maxReferenceBytes);
        this.gate = settings.referenceGate;
        this.store = new AudioStore(settings.audioStore);
        this.label = settings.label.open();
        this.voices = new SpeakerCache(settings.speakerCacheSize);
        this.storing = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), daemon("tts-store"));
        this.admitting = Executors.newCachedThreadPool(daemon("tts-admit"));
    }

    @Override
    public List<CompletableFuture<SynthesisResult>> handle(Batch<TtsRequest> batch) throws OrtException {
        List<CompletableFuture<SynthesisResult>> results = new ArrayList<>(Collections.nCopies(batch.size(), null));
        long[] waits = batch.queueWaitMs();
        List<Prepared> ready = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                ready.add(prepare(i, batch.inputs().get(i)));
            } catch (RequestException e) {
                results.set(i, CompletableFuture.completedFuture(queued(outcome(batch.inputs().get(i), e), waits[i])));
            }
        }
        for (List<Prepared> call : modelCalls(ready)) {
            long start = System.nanoTime();
            Waveforms audio;
            try {
                audio = synthesize(call);
            } catch (Waveforms.BadOutputException e) {
                for (Prepared p : call) {
                    results.set(p.index, CompletableFuture.completedFuture(queued(
                            systemFailure(batch.inputs().get(p.index), ErrorCode.INFERENCE_BAD_OUTPUT, e.getMessage()), waits[p.index])));
                }
                continue;
            }
            long inferenceMs = (System.nanoTime() - start) / 1_000_000;
            for (int k = 0; k < call.size(); k++) {
                Prepared p = call.get(k);
                TtsRequest request = batch.inputs().get(p.index);
                int row = k;
                results.set(p.index, CompletableFuture.supplyAsync(
                        () -> queued(store(request, p, audio.clip(row), inferenceMs, call.size()), waits[p.index]), storing));
            }
        }
        return results;
    }

    private static SynthesisResult queued(SynthesisResult r, long queueMs) {
        r.queueMs = queueMs;
        return r;
    }

    /**
     * Splits the batch into model calls whose padded output stays under a memory budget: rows are
     * padded to the longest one, so a few long texts go together rather than with many short ones.
     */
    private List<List<Prepared>> modelCalls(List<Prepared> ready) {
        List<Prepared> byLength = new ArrayList<>(ready);
        byLength.sort(java.util.Comparator.comparingDouble(this::samples));
        List<List<Prepared>> calls = new ArrayList<>();
        List<Prepared> call = new ArrayList<>();
        for (Prepared p : byLength) {
            if (!call.isEmpty() && (call.size() + 1) * samples(p) > MAX_SAMPLES_PER_CALL) {
                calls.add(call);
                call = new ArrayList<>();
            }
            call.add(p);
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }

    private double samples(Prepared p) {
        return (double) p.tokens.length * samplesPerToken * p.scale;
    }

    private Prepared prepare(int index, TtsRequest request) throws RequestException {
        long[] tokens = tokenizer.tokenize(request.text, request.pinyin);
        SpeakerCache.Voice voice = voice(request.refAudioUrl);
        float[] emotion = Emotions.resolve(request.emotionVector, request.emotionDesc, request.emotionIntensity);
        double naturalMs = tokens.length * msPerToken;
        float scale = 1f;
        Integer requestedMs = null;
        if (request.controlled()) {
            scale = request.targetDurationMs != null
                    ? (float) (request.targetDurationMs / naturalMs)
                    : request.targetDurationRatio.floatValue();
            requestedMs = request.targetDurationMs != null
                    ? request.targetDurationMs : (int) Math.round(naturalMs * request.targetDurationRatio);
            if (scale < MIN_SCALE || scale > MAX_SCALE) {
                throw new RequestException(ErrorCode.BAD_DURATION_TARGET, "target_duration_ms " + requestedMs
                        + " is " + String.format("%.2f", scale) + " times the natural length of this text ("
                        + Math.round(naturalMs) + " ms); give a target within " + MIN_SCALE + ".." + MAX_SCALE + " times it");
            }
        }
        return new Prepared(index, tokens, voice.embedding(), emotion, scale, voice, requestedMs);
    }

    /**
     * Admission: the request's voice into the cache, on the admitting threads. Fetching a remote
     * clip may take up to refaudio.fetch-timeout-ms; here it holds up only its own request, and a
     * reference that is refused, missing or unusable ends the request without a batch.
     */
    @Override
    public CompletableFuture<SynthesisResult> admit(TtsRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ReferenceAudioLoader.Located located = loader.locate(request.refAudioUrl);
                voices.get(located.cacheKey(), () -> load(located));
                return null;
            } catch (RequestException e) {
                return outcome(request, e);
            }
        }, admitting);
    }

    /** The request's voice: cached by its admission; loaded here only if evicted since (or never admitted). */
    private SpeakerCache.Voice voice(String url) throws RequestException {
        ReferenceAudioLoader.Located located = loader.locate(url);
        SpeakerCache.Voice admitted = voices.peek(located.cacheKey());
        return admitted != null ? admitted : voices.get(located.cacheKey(), () -> load(located));
    }

    private SpeakerCache.Voice load(ReferenceAudioLoader.Located located) throws RequestException {
        Wav.Decoded decoded;
        try {
            decoded = Wav.decode(loader.read(located));
        } catch (WavFormatException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_INVALID, "reference clip is not a usable WAV file: " + e.getMessage());
        }
        float[] samples = Wav.resample(decoded.samples(), decoded.sampleRate(), sampleRate);
        ReferenceQuality quality = ReferenceQuality.measure(samples, sampleRate);
        gate.check(quality, (int) (minReferenceSamples * 1000L / sampleRate));
        return new SpeakerCache.Voice(embed(samples), quality);
    }

    private float[] embed(float[] samples) throws RequestException {
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = speakerEncoder.card();
        try (OnnxTensor audio = OnnxTensor.createTensor(env, new float[][] {samples});
             OrtSession.Result out = speakerEncoder.run(Map.of(card.input("audio"), audio))) {
            return ((float[][]) out.get(card.output("embedding")).orElseThrow().getValue())[0];
        } catch (OrtException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_INVALID, "reference clip could not be encoded");
        }
    }

    private Waveforms synthesize(List<Prepared> ready) throws OrtException {
        int rows = ready.size();
        int width = ready.stream().mapToInt(p -> p.tokens.length).max().orElse(1);
        long[][] tokens = new long[rows][width];
        long[] lengths = new long[rows];
        float[][] speaker = new float[rows][];
        float[][] emotion = new float[rows][];
        float[] scale = new float[rows];
        for (int r = 0; r < rows; r++) {
            Prepared p = ready.get(r);
            System.arraycopy(p.tokens, 0, tokens[r], 0, p.tokens.length);
            lengths[r] = p.tokens.length;
            speaker[r] = p.speaker;
            emotion[r] = p.emotion;
            scale[r] = p.scale;
        }
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = synthesizer.card();
        try (OnnxTensor t = OnnxTensor.createTensor(env, tokens);
             OnnxTensor l = OnnxTensor.createTensor(env, lengths);
             OnnxTensor s = OnnxTensor.createTensor(env, speaker);
             OnnxTensor e = OnnxTensor.createTensor(env, emotion);
             OnnxTensor d = OnnxTensor.createTensor(env, scale);
             OrtSession.Result out = synthesizer.run(Map.of(
                     card.input("tokens"), t, card.input("token_lengths"), l, card.input("speaker"), s,
                     card.input("emotion"), e, card.input("duration_scale"), d))) {
            return Waveforms.of(out.get(card.output("waveform")).orElseThrow().getValue(),
                    out.get(card.output("waveform_lengths")).orElseThrow().getValue(), rows);
        }
    }

    private SynthesisResult store(TtsRequest request, Prepared p, float[] audio, long inferenceMs, int batchSize) {
        if (audio == null) {
            return describe(systemFailure(request, ErrorCode.INFERENCE_BAD_OUTPUT,
                    "the model returned samples that are not finite (NaN or infinity) for this request"), p, inferenceMs, batchSize, 0);
        }
        int achievedMs = (int) Math.round(audio.length * 1000.0 / sampleRate);
        String url;
        try {
            url = store.write(request.requestId, request.eventTime,
                    label.clip(audio, sampleRate, request.requestId, Instant.ofEpochMilli(request.eventTime)));
        } catch (IOException e) {
            SynthesisResult failed = SynthesisResult.of(request, Status.FAILED, ErrorCode.STORAGE_ERROR.name(),
                    "audio could not be written to audio.store: " + e.getClass().getSimpleName());
            return describe(failed, p, inferenceMs, batchSize, achievedMs);
        }
        SynthesisResult ok = SynthesisResult.of(request, Status.SUCCESS, null, null);
        ok.outputAudioUrl = url;
        ok.explicitLabel = label.explicit().value();
        return describe(ok, p, inferenceMs, batchSize, achievedMs);
    }

    private SynthesisResult describe(SynthesisResult r, Prepared p, long inferenceMs, int batchSize, int achievedMs) {
        r.inferenceMs = inferenceMs;
        r.batchSize = batchSize;
        r.achievedDurationMs = achievedMs;
        r.requestedDurationMs = p.requestedMs;
        r.realTimeFactor = achievedMs == 0 ? null : inferenceMs / (double) achievedMs;
        r.device = device();
        r.modelVersion = synthesizer.card().id();
        r.refAudioDurationMs = p.voice.quality().durationMs();
        r.refAudioRmsDbfs = p.voice.quality().rmsDbfs();
        r.refAudioSnrDb = p.voice.quality().snrDb();
        r.emotionVectorUsed = p.emotion;
        return r;
    }

    private SynthesisResult outcome(TtsRequest request, RequestException e) {
        SynthesisResult r = SynthesisResult.of(request, Status.REJECTED, e.code().name(), e.getMessage());
        r.device = device();
        r.modelVersion = synthesizer.card().id();
        return r;
    }

    /**
     * The expected audio length in ms, the operator's hint for grouping similar requests into a
     * batch: the target when there is one, else about one token per character at the model's
     * natural rate times the duration ratio. Read on the task thread, so no tokenizing here.
     */
    @Override
    public double cost(TtsRequest request) {
        return expectedMs(request, msPerToken);
    }

    /** {@link #cost} for a model whose tokens last {@code msPerToken} at scale 1. */
    public static double expectedMs(TtsRequest request, double msPerToken) {
        if (request.controlled() && request.targetDurationMs != null) {
            return request.targetDurationMs;
        }
        double natural = request.text == null ? 0 : request.text.codePointCount(0, request.text.length()) * msPerToken;
        return request.controlled() && request.targetDurationRatio != null ? natural * request.targetDurationRatio : natural;
    }

    @Override
    public SynthesisResult timedOut(TtsRequest input, long timeoutMs) {
        return systemFailure(input, ErrorCode.INFERENCE_TIMEOUT, "synthesis did not finish within " + timeoutMs
                + " ms (inference.timeout-ms)");
    }

    @Override
    public SynthesisResult failed(TtsRequest input, Throwable error) {
        if (error instanceof CircuitOpenException) {
            return systemFailure(input, ErrorCode.INFERENCE_UNAVAILABLE, error.getMessage());
        }
        return systemFailure(input, ErrorCode.INFERENCE_ERROR, "synthesis failed: " + error.getClass().getSimpleName());
    }

    /** Model errors (a device out of memory, a busy provider) may pass; bugs in our code do not. */
    @Override
    public boolean retryable(Throwable error) {
        return error instanceof OrtException;
    }

    @Override
    public void registerMetrics(MetricGroup group) {
        group.gauge("speakerCacheHitRate", voices::hitRate);
    }

    private SynthesisResult systemFailure(TtsRequest input, ErrorCode code, String message) {
        SynthesisResult r = SynthesisResult.of(input, Status.FAILED, code.name(), message);
        r.device = device();
        r.modelVersion = synthesizer.card().id();
        return r;
    }

    @Override
    public String device() {
        return synthesizer.device().label();
    }

    /** The reference-voice cache, for tests in this package. */
    SpeakerCache speakerCache() {
        return voices;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Admission encodes reference clips with the speaker encoder on its own threads: the sessions
     * are freed only once those threads are done, since freeing a native session under a running
     * call crashes the whole process. Threads still busy after the wait keep the sessions open.
     */
    @Override
    public void close() throws OrtException, InterruptedException {
        admitting.shutdownNow();
        storing.shutdownNow();
        if (!admitting.awaitTermination(30, TimeUnit.SECONDS) || !storing.awaitTermination(30, TimeUnit.SECONDS)) {
            return;
        }
        synthesizer.close();
        speakerEncoder.close();
    }
}
