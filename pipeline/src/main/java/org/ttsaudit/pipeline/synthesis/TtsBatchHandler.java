package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * Coordinates the synthesis of micro-batches: requests are admitted with their voices
 * ({@link ReferenceAdmission}), conditioned and cut into text segments ({@link RequestPreparation}),
 * and their segments synthesized together ({@link VoiceModel}) in calls bounded in memory
 * ({@link SegmentSchedule}); a request's segments are joined ({@link SegmentStitcher}) and stored as
 * one clip ({@link ClipStorage}) while the worker goes on. Each {@link #handle} makes one model call,
 * so a long request spreads over several and one that arrives meanwhile waits for one call at most.
 * A request that fails on its own becomes its own result and does not fail its neighbours.
 */
public final class TtsBatchHandler implements BatchHandler<TtsRequest, SynthesisResult> {
    private final VoiceModel model;
    private final ReferenceAdmission admission;
    private final RequestPreparation preparation;
    private final SegmentSchedule schedule;
    private final SegmentStitcher stitcher;
    private final ClipStorage storage;
    /** inference.max-batch-samples: a model call's padded output, and the clips waiting to be written. */
    private final long maxBatchSamples;

    public TtsBatchHandler(SynthesisSettings settings) throws IOException, OrtException {
        this.model = VoiceModels.open(settings);
        int sampleRate = model.card().sampleRate();
        this.admission = new ReferenceAdmission(
                OnnxModel.load(settings.speakerEncoderCard, settings.device, settings.intraOpThreads),
                new ReferenceAudioLoader(settings.referencePolicy, settings.maxReferenceBytes), settings.referenceGate,
                settings.speakerCacheSize, sampleRate);
        this.preparation = new RequestPreparation(model, admission, new TextSegmenter(settings.maxSegmentTokens),
                settings.segmentPauseMs, sampleRate);
        double samplesPerToken = model.msPerToken() * sampleRate / 1000.0;
        this.schedule = new SegmentSchedule(row -> row.tokens().length * samplesPerToken * row.scale(), settings.maxBatchSamples,
                model.maxRowsPerCall());
        this.stitcher = new SegmentStitcher(sampleRate);
        this.storage = new ClipStorage(new AudioStore(settings.audioStore), settings.label.open(), sampleRate);
        this.maxBatchSamples = settings.maxBatchSamples;
    }

    /**
     * Queues the batch's requests behind those still under way and makes the next model call. A
     * model error leaves this batch's requests out again before it is thrown, so that a retry of
     * the batch queues them once.
     */
    @Override
    public List<CompletableFuture<SynthesisResult>> handle(Batch<TtsRequest> batch) throws OrtException, InterruptedException {
        List<CompletableFuture<SynthesisResult>> results = new ArrayList<>(batch.size());
        List<SegmentedRequest> queued = new ArrayList<>(batch.size());
        for (TtsRequest request : batch.inputs()) {
            try {
                SegmentedRequest r = new SegmentedRequest(preparation.prepare(request));
                schedule.add(r);
                queued.add(r);
                results.add(r.result);
            } catch (RequestException e) {
                results.add(CompletableFuture.completedFuture(outcome(request, e)));
            }
        }
        try {
            nextCall();
        } catch (OrtException | InterruptedException | RuntimeException e) {
            queued.forEach(schedule::remove);
            throw e;
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

    @Override
    public boolean hasUnfinishedWork() {
        return !schedule.isEmpty();
    }

    private void nextCall() throws OrtException, InterruptedException {
        storage.awaitWaitingAtMost(maxBatchSamples);
        List<SegmentSchedule.Row> call = schedule.nextCall();
        if (call.isEmpty()) {
            return;
        }
        Set<SegmentedRequest> requests = new LinkedHashSet<>();
        call.forEach(row -> requests.add(row.request()));
        long start = System.nanoTime();
        Waveforms audio;
        try {
            audio = model.synthesize(call.stream().map(SegmentSchedule.Row::input).toList());
        } catch (Waveforms.BadOutputException e) {
            for (SegmentedRequest r : requests) {
                schedule.remove(r);
                r.result.complete(systemFailure(r.prepared.request(), ErrorCode.INFERENCE_BAD_OUTPUT, e.getMessage()));
            }
            return;
        }
        long inferenceMs = (System.nanoTime() - start) / 1_000_000;
        for (int k = 0; k < call.size(); k++) {
            SegmentSchedule.Row row = call.get(k);
            row.request().synthesized(row.segment(), audio, k);
        }
        for (SegmentedRequest r : requests) {
            r.inferenceMs += inferenceMs;
            r.lastCallRows = call.size();
        }
        List<SegmentedRequest> finished = schedule.takeFinished();
        List<CompletableFuture<SynthesisResult>> stored = storage.store(finished.stream()
                .map(r -> new ClipStorage.Clip(r.prepared.request(), r.samples(), () -> r.joined(stitcher))).toList());
        for (int i = 0; i < finished.size(); i++) {
            SegmentedRequest r = finished.get(i);
            stored.get(i).thenApply(done -> describe(done, r)).whenComplete((done, error) -> {
                if (error != null) {
                    r.result.completeExceptionally(error);
                } else {
                    r.result.complete(done);
                }
            });
        }
    }

    private SynthesisResult describe(SynthesisResult r, SegmentedRequest segmented) {
        PreparedRequest p = segmented.prepared;
        r.inferenceMs = segmented.inferenceMs;
        r.batchSize = segmented.lastCallRows;
        r.requestedDurationMs = p.requestedMs();
        r.realTimeFactor = r.achievedDurationMs == 0 ? null : r.inferenceMs / (double) r.achievedDurationMs;
        r.refAudioDurationMs = p.voice().quality().durationMs();
        r.refAudioRmsDbfs = p.voice().quality().rmsDbfs();
        r.refAudioSnrDb = p.voice().quality().snrDb();
        r.emotionVectorUsed = p.emotion();
        r.segments = p.segments().size();
        r.conditioningIgnored = model.conditioningIgnored(p.request());
        return withModel(r);
    }

    /**
     * Admission: the request's voice into the cache and its text read by the model's front end, on
     * the admitting threads; a slow fetch holds up only its own request, and a refused reference or
     * text ends the request without a batch.
     */
    @Override
    public CompletableFuture<SynthesisResult> admit(TtsRequest request) {
        return admission.admit(request, preparation::readAhead).thenApply(refused -> refused == null ? null : outcome(request, refused));
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
