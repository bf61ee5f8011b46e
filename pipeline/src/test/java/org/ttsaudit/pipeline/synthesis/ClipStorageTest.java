package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.security.RefVault;

class ClipStorageTest {
    private static final int RATE = 22_050;

    @TempDir
    Path dir;
    private ClipStorage storage;

    @AfterEach
    void close() throws Exception {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void shouldStoreACallsShortClipsWhileItsLongOnesAreStillBeingJoined() throws Exception {
        storage = storage();
        CountDownLatch longJoined = new CountDownLatch(1);
        List<ClipStorage.Clip> call = new ArrayList<>();
        call.add(clip("short-1", RATE / 2, () -> new float[RATE / 2]));
        call.add(clip("long", 600L * RATE, () -> {
            await(longJoined);
            return new float[RATE];
        }));
        call.add(clip("short-2", RATE / 4, () -> new float[RATE / 4]));
        call.add(clip("long-too", 500L * RATE, () -> {
            await(longJoined);
            return new float[RATE];
        }));
        call.add(clip("short-3", RATE / 3, () -> new float[RATE / 3]));

        List<CompletableFuture<SynthesisResult>> stored = storage.store(call);

        // Two long clips hold as many storing threads as this machine may have (two, here): one
        // task per clip would leave the short ones queued behind them; each thread's task stores
        // its short clips first.
        for (int i : new int[] {0, 2, 4}) {
            SynthesisResult r = stored.get(i).get(10, TimeUnit.SECONDS);
            assertThat(r.status).isEqualTo(Status.SUCCESS);
            assertThat(r.request.requestId).isEqualTo(call.get(i).request().requestId);
            assertThat(Path.of(r.outputAudioUrl.replaceFirst("^file:", ""))).isRegularFile();
        }
        assertThat(stored.get(1)).isNotDone();
        assertThat(stored.get(3)).isNotDone();
        longJoined.countDown();
        assertThat(stored.get(1).get(10, TimeUnit.SECONDS).status).isEqualTo(Status.SUCCESS);
        assertThat(stored.get(3).get(10, TimeUnit.SECONDS).status).isEqualTo(Status.SUCCESS);
    }

    @Test
    void shouldFailOnlyTheRequestWhoseLastSegmentIsNotFiniteWhenItIsJoined() throws Exception {
        storage = storage();
        Waveforms call = Waveforms.of(new float[][] {{0.1f, 0.2f, 0f}, {0.3f, Float.NaN, 0.1f}}, new long[] {2, 3}, 2);
        SegmentedRequest good = request("good", 1);
        SegmentedRequest bad = request("bad", 1);
        good.synthesized(0, call, 0);
        bad.synthesized(0, call, 1);
        SegmentStitcher stitcher = new SegmentStitcher(RATE);

        assertThat(good.samples()).as("counted before the clip is cut").isEqualTo(2);
        List<CompletableFuture<SynthesisResult>> stored = storage.store(List.of(
                new ClipStorage.Clip(good.prepared.request(), good.samples(), () -> good.joined(stitcher)),
                new ClipStorage.Clip(bad.prepared.request(), bad.samples(), () -> bad.joined(stitcher))));

        assertThat(stored.get(0).get(10, TimeUnit.SECONDS).status).isEqualTo(Status.SUCCESS);
        assertThat(stored.get(0).get().achievedDurationMs).isZero(); // 2 samples
        SynthesisResult failed = stored.get(1).get(10, TimeUnit.SECONDS);
        assertThat(failed.status).isEqualTo(Status.FAILED);
        assertThat(failed.errorCode).isEqualTo("INFERENCE_BAD_OUTPUT");
    }

    private ClipStorage storage() {
        RefVault keys = new RefVault(Map.of("k1", RefVault.newKey()), "k1", "k1");
        return new ClipStorage(new AudioStore(dir.toString()), new ProvenanceLabel(keys, "provider-7", "tests"), RATE);
    }

    private static ClipStorage.Clip clip(String id, long samples, Supplier<float[]> audio) {
        return new ClipStorage.Clip(request(id), samples, audio);
    }

    private static SegmentedRequest request(String id, int segments) {
        List<SynthesisInput> rows = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            rows.add(new SynthesisInput(new long[3], new float[0], new float[0], 1f));
        }
        return new SegmentedRequest(new PreparedRequest(request(id), rows, 0, null, null));
    }

    private static TtsRequest request(String id) {
        TtsRequest r = new TtsRequest();
        r.requestId = id;
        r.eventTime = 1_764_000_000_000L;
        return r;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
