package org.ttsaudit.bench.inference;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;

/**
 * The operator's storing work (a 3 s clip watermarked, encoded and labelled, as ClipStorage does
 * for every request) on one other thread while a measurement runs, at a given number of clips a
 * second: what the model's calls meet inside the operator, without the operator. Raw ONNX Runtime
 * beside it, against raw ONNX Runtime alone, tells how much the storing slows the model's own calls.
 */
final class BusyCore {
    private final ProvenanceLabel label;
    private final float[] clip = VoiceClips.voice(7, 3.0, 22050);
    private final AtomicLong clips = new AtomicLong();

    BusyCore(ProvenanceLabel label) {
        this.label = label;
    }

    /** {@code measure}'s result, with {@code clipsPerSecond} clips stored beside it the whole time. */
    <T> T during(double clipsPerSecond, Callable<T> measure) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        long interval = (long) (1e9 / clipsPerSecond);
        Thread worker = new Thread(() -> {
            long next = System.nanoTime();
            for (long i = 0; running.get(); i++) {
                label.clip(clip.clone(), 22050, "busy-" + i, Instant.EPOCH);
                clips.incrementAndGet();
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "bench-busy-core");
        worker.setDaemon(true);
        worker.start();
        try {
            return measure.call();
        } finally {
            running.set(false);
            worker.join();
        }
    }

    /** Clips stored by the busy thread so far. */
    long clips() {
        return clips.get();
    }
}
