package org.ttsaudit.pipeline.synthesis;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
    /** Samples of the clips handed over and not yet written. */
    private long waitingSamples;
    /**
     * As many threads as cores: a long request's clip (minutes of audio to join, mark and write)
     * takes a thread for a while, and with one thread the short clips of the calls after it would
     * wait behind it (TtsBatchHandlerTest's short request among 5,000-character ones).
     */
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ExecutorService storing = Executors.newFixedThreadPool(threads, Threads.daemon("tts-store"));

    ClipStorage(AudioStore store, ProvenanceLabel label, int sampleRate) {
        this.store = store;
        this.label = label;
        this.sampleRate = sampleRate;
    }

    /**
     * A finished request to store: {@code samples} is its clip's length, counted as waiting until
     * it is written; {@code clip} gives the clip on the storing thread, so joining it is off the
     * model's thread too.
     */
    record Clip(TtsRequest request, long samples, Supplier<float[]> clip) {}

    /**
     * Each clip's result once it is stored: a success with the clip's URL, or a failure when the
     * clip is no audio (null: samples that are not finite) or cannot be written. A call's clips go
     * to the storing threads as one task per thread, not one per clip: every task wakes a thread,
     * and on two cores a woken thread takes the model's core for a while (the inference bench's
     * involuntary switches of the model's thread fell by about half, and its time per call with
     * them). The clips are spread by length (the longest to the least loaded task), and each task
     * stores its shortest first, so a short clip waits behind no long one.
     */
    List<CompletableFuture<SynthesisResult>> store(List<Clip> clips) {
        List<CompletableFuture<SynthesisResult>> results = new ArrayList<>(clips.size());
        List<List<Integer>> tasks = new ArrayList<>();
        long[] load = new long[Math.min(threads, clips.size())];
        for (int t = 0; t < load.length; t++) {
            tasks.add(new ArrayList<>());
        }
        Integer[] longestFirst = new Integer[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            longestFirst[i] = i;
            results.add(new CompletableFuture<>());
        }
        Arrays.sort(longestFirst, Comparator.comparingLong((Integer i) -> clips.get(i).samples()).reversed());
        for (int i : longestFirst) {
            int least = 0;
            for (int t = 1; t < load.length; t++) {
                least = load[t] < load[least] ? t : least;
            }
            load[least] += clips.get(i).samples();
            tasks.get(least).add(0, i);
        }
        synchronized (this) {
            waitingSamples += Arrays.stream(load).sum();
        }
        for (List<Integer> task : tasks) {
            storing.execute(() -> task.forEach(i -> store(clips.get(i), results.get(i))));
        }
        return results;
    }

    private void store(Clip clip, CompletableFuture<SynthesisResult> result) {
        try {
            result.complete(write(clip.request(), clip.clip().get()));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        } finally {
            synchronized (this) {
                waitingSamples -= clip.samples();
                notifyAll();
            }
        }
    }

    /**
     * Waits until the clips not yet written hold at most {@code maxSamples}: a model faster than
     * the store would otherwise pile finished long clips up in memory.
     */
    synchronized void awaitWaitingAtMost(long maxSamples) throws InterruptedException {
        while (waitingSamples > maxSamples) {
            wait();
        }
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
