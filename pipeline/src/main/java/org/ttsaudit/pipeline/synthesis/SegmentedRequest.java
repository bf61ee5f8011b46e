package org.ttsaudit.pipeline.synthesis;

import java.util.concurrent.CompletableFuture;
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
    long inferenceMs;
    int lastCallRows;

    SegmentedRequest(PreparedRequest prepared) {
        this.prepared = prepared;
        this.audio = new float[prepared.segments().size()][];
    }

    /** The request's clip, its segments joined; the segments are let go, so only the clip stays while it is stored. */
    float[] joined(SegmentStitcher stitcher) {
        float[] clip = stitcher.stitch(audio, prepared.pauseSamples());
        java.util.Arrays.fill(audio, null);
        return clip;
    }

    /** The joined clip's length in samples, once finished. */
    long samples() {
        long total = (long) prepared.pauseSamples() * (audio.length - 1);
        for (float[] segment : audio) {
            total += segment == null ? 0 : segment.length;
        }
        return total;
    }

    boolean finished() {
        return done == audio.length;
    }
}
