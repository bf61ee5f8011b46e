package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.MetricGroup;
import org.ttsaudit.inference.batch.Batch;
import org.ttsaudit.inference.batch.BatchHandler;
import org.ttsaudit.inference.batch.CircuitOpenException;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferenceAudioLoader;

/**
 * Coordinates one micro-batch: requests are admitted with their voices ({@link ReferenceAdmission}),
 * conditioned for the model ({@link RequestPreparation}), synthesized together in calls bounded in
 * memory ({@link VoiceModel}), and stored one clip each ({@link ClipStorage}) while the worker goes
 * on to the next batch. A request that fails on its own becomes its own result and does not fail
 * its neighbours.
 */
public final class TtsBatchHandler implements BatchHandler<TtsRequest, SynthesisResult> {
    /** Padded output samples per model call (16 M floats = 64 MB). */
    private static final double MAX_SAMPLES_PER_CALL = 16_000_000;

    private final VoiceModel model;
    private final ReferenceAdmission admission;
    private final RequestPreparation preparation;
    private final ClipStorage storage;
    private final double samplesPerMs;

    public TtsBatchHandler(SynthesisSettings settings) throws IOException, OrtException {
        this.model = VoiceModels.open(settings);
        int sampleRate = model.card().sampleRate();
        this.samplesPerMs = sampleRate / 1000.0;
        this.admission = new ReferenceAdmission(
                OnnxModel.load(settings.speakerEncoderCard, settings.device, settings.intraOpThreads),
                new ReferenceAudioLoader(settings.referencePolicy, settings.maxReferenceBytes), settings.referenceGate,
                settings.speakerCacheSize, sampleRate);
        this.preparation = new RequestPreparation(model, admission);
        this.storage = new ClipStorage(new AudioStore(settings.audioStore), settings.label.open(), sampleRate,
                settings.intraOpThreads);
    }

    @Override
    public List<CompletableFuture<SynthesisResult>> handle(Batch<TtsRequest> batch) throws OrtException {
        List<CompletableFuture<SynthesisResult>> results = new ArrayList<>(Collections.nCopies(batch.size(), null));
        List<PreparedRequest> ready = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                ready.add(preparation.prepare(i, batch.inputs().get(i)));
            } catch (RequestException e) {
                results.set(i, CompletableFuture.completedFuture(outcome(batch.inputs().get(i), e)));
            }
        }
        for (List<PreparedRequest> call : ModelCalls.split(ready, this::samples, MAX_SAMPLES_PER_CALL, model.maxRowsPerCall())) {
            long start = System.nanoTime();
            Waveforms audio;
            try {
                audio = model.synthesize(call.stream().map(PreparedRequest::input).toList());
            } catch (Waveforms.BadOutputException e) {
                for (PreparedRequest p : call) {
                    results.set(p.index(), CompletableFuture.completedFuture(
                            systemFailure(p.request(), ErrorCode.INFERENCE_BAD_OUTPUT, e.getMessage())));
                }
                continue;
            }
            long inferenceMs = (System.nanoTime() - start) / 1_000_000;
            for (int row = 0; row < call.size(); row++) {
                PreparedRequest p = call.get(row);
                int r = row;
                results.set(p.index(), storage.store(p.request(), () -> audio.clip(r))
                        .thenApply(stored -> describe(stored, p, inferenceMs, call.size())));
            }
        }
        long[] waits = batch.queueWaitMs();
        for (int i = 0; i < results.size(); i++) {
            long wait = waits[i];
            results.set(i, results.get(i).thenApply(r -> {
                r.queueMs = wait;
                return r;
            }));
        }
        return results;
    }

    private double samples(PreparedRequest p) {
        return p.input().tokens().length * model.msPerToken() * samplesPerMs * p.input().scale();
    }

    private SynthesisResult describe(SynthesisResult r, PreparedRequest p, long inferenceMs, int batchSize) {
        r.inferenceMs = inferenceMs;
        r.batchSize = batchSize;
        r.requestedDurationMs = p.requestedMs();
        r.realTimeFactor = r.achievedDurationMs == 0 ? null : inferenceMs / (double) r.achievedDurationMs;
        r.refAudioDurationMs = p.voice().quality().durationMs();
        r.refAudioRmsDbfs = p.voice().quality().rmsDbfs();
        r.refAudioSnrDb = p.voice().quality().snrDb();
        r.emotionVectorUsed = p.input().emotion();
        r.conditioningIgnored = model.conditioningIgnored(p.request());
        r.segments = 1;
        return withModel(r);
    }

    /**
     * Admission: the request's voice into the cache, on the admitting threads; a slow fetch holds up
     * only its own request, and a refused reference ends the request without a batch.
     */
    @Override
    public CompletableFuture<SynthesisResult> admit(TtsRequest request) {
        return admission.admit(request).thenApply(refused -> refused == null ? null : outcome(request, refused));
    }

    private SynthesisResult outcome(TtsRequest request, RequestException e) {
        return withModel(SynthesisResult.of(request, Status.REJECTED, e.code().name(), e.getMessage()));
    }

    private SynthesisResult systemFailure(TtsRequest input, ErrorCode code, String message) {
        return withModel(SynthesisResult.of(input, Status.FAILED, code.name(), message));
    }

    private SynthesisResult withModel(SynthesisResult r) {
        r.device = device();
        r.modelVersion = model.card().id();
        r.modelFormat = model.format();
        return r;
    }

    /**
     * The expected audio length in ms, the operator's hint for grouping similar requests into a
     * batch: the target when there is one, else about one token per character at the model's
     * natural rate times the duration ratio. Read on the task thread, so no tokenizing here.
     */
    @Override
    public double cost(TtsRequest request) {
        return expectedMs(request, model.msPerToken());
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
        group.gauge("speakerCacheHitRate", admission.cache()::hitRate);
    }

    @Override
    public String device() {
        return model.device();
    }

    /** The reference-voice cache, for tests in this package. */
    SpeakerCache speakerCache() {
        return admission.cache();
    }

    @Override
    public void close() throws Exception {
        try (model; admission; storage) {
            // Closed in reverse order: the storing threads first, then admission's, then the model.
        }
    }
}
