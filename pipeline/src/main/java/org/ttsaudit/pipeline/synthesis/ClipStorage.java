package org.ttsaudit.pipeline.synthesis;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * Labels each clip and writes it as a WAV to the audio store, on the storing threads: the
 * synthesizer's autoregressive loop dispatches its small operators from one thread, so the other
 * cores are free to store one batch while the model runs the next.
 */
final class ClipStorage implements AutoCloseable {
    private final AudioStore store;
    private final ProvenanceLabel label;
    private final int sampleRate;
    private final ExecutorService storing;

    /**
     * {@code modelThreads}: the cores the synthesizer's calls use (inference.intra-op-threads, 1
     * when 0 leaves it to ONNX Runtime). The storing threads take the cores the model leaves, at
     * least one: with as many storing threads as cores, a batch's clips are encoded, watermarked
     * and written on the model's core too, and its next call runs slower than raw ONNX Runtime's
     * (the inference bench's "operator vs raw ONNX Runtime" figure, and its time per call).
     */
    ClipStorage(AudioStore store, ProvenanceLabel label, int sampleRate, int modelThreads) {
        this.store = store;
        this.label = label;
        this.sampleRate = sampleRate;
        this.storing = Executors.newFixedThreadPool(storingThreads(Runtime.getRuntime().availableProcessors(), modelThreads),
                Threads.daemon("tts-store"));
    }

    static int storingThreads(int cores, int modelThreads) {
        return Math.max(1, cores - Math.max(1, modelThreads));
    }

    /**
     * The request's result once its clip is stored: a success with the clip's URL, or a failure
     * when the clip is no audio (null: samples that are not finite) or cannot be written. The clip
     * is taken from {@code clip} on the storing thread, so cutting it is off the model's thread too.
     */
    CompletableFuture<SynthesisResult> store(TtsRequest request, Supplier<float[]> clip) {
        return CompletableFuture.supplyAsync(() -> write(request, clip.get()), storing);
    }

    private SynthesisResult write(TtsRequest request, float[] audio) {
        if (audio == null) {
            SynthesisResult r = SynthesisResult.of(request, Status.FAILED, ErrorCode.INFERENCE_BAD_OUTPUT.name(),
                    "the model returned samples that are not finite (NaN or infinity) for this request");
            r.achievedDurationMs = 0;
            return r;
        }
        int achievedMs = (int) Math.round(audio.length * 1000.0 / sampleRate);
        SynthesisResult r;
        try {
            String url = store.write(request.requestId, request.eventTime,
                    label.clip(audio, sampleRate, request.requestId, Instant.ofEpochMilli(request.eventTime)));
            r = SynthesisResult.of(request, Status.SUCCESS, null, null);
            r.outputAudioUrl = url;
            r.explicitLabel = label.explicit().value();
        } catch (IOException e) {
            r = SynthesisResult.of(request, Status.FAILED, ErrorCode.STORAGE_ERROR.name(),
                    "audio could not be written to audio.store: " + e.getClass().getSimpleName());
        }
        r.achievedDurationMs = achievedMs;
        return r;
    }

    @Override
    public void close() throws InterruptedException {
        storing.shutdownNow();
        storing.awaitTermination(30, TimeUnit.SECONDS);
    }
}
