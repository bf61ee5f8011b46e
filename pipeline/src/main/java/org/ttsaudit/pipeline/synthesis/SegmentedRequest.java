package org.ttsaudit.pipeline.synthesis;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.ttsaudit.pipeline.records.SynthesisResult;

/**
 * A request whose segments are being synthesized, possibly over several model calls: the audio
 * of the segments done so far, the model time spent on it, and its result once stored. Only the
 * model's thread touches it.
 */
final class SegmentedRequest {
    final PreparedRequest prepared;
    final float[][] audio;
    final CompletableFuture<SynthesisResult> result = new CompletableFuture<>();
    /** Segments synthesized so far; they are done in order. */
    int done;
    /**
     * The last segment as the model returned it (padded) and its length: cut and checked on the
     * storing thread, in {@link #joined}. Cut on the model's thread, a Piper voice's clip (one
     * row a call of some 3.4 ms) took some 7 % of that thread's samples in a JFR profile of the
     * Piper bench. Only the row is kept, not its call's other rows; a Piper voice's row is still in
     * ONNX Runtime's memory, and is read there too.
     */
    private Supplier<float[]> lastPadded;
    private long lastLength;
    long inferenceMs;
    int lastCallRows;

    SegmentedRequest(PreparedRequest prepared) {
        this.prepared = prepared;
        this.audio = new float[prepared.segments().size()][];
    }

    /** Segment {@code segment} is row {@code row} of a call's output; segments come in order. */
    void synthesized(int segment, Waveforms call, int row) {
        if (segment == audio.length - 1) {
            lastPadded = call.row(row);
            lastLength = call.length(row);
        } else {
            audio[segment] = call.clip(row);
        }
        done = segment + 1;
    }

    /** The request's clip, its segments joined; the segments are let go, so only the clip stays while it is stored. */
    float[] joined(SegmentStitcher stitcher) {
        audio[audio.length - 1] = Waveforms.clip(lastPadded.get(), lastLength);
        lastPadded = null;
        float[] clip = stitcher.stitch(audio, prepared.pauseSamples());
        Arrays.fill(audio, null);
        return clip;
    }

    /** The joined clip's length in samples, once finished. */
    long samples() {
        long total = (long) prepared.pauseSamples() * (audio.length - 1) + lastLength;
        for (float[] segment : audio) {
            total += segment == null ? 0 : segment.length;
        }
        return total;
    }

    boolean finished() {
        return done == audio.length;
    }
}
