package org.ttsaudit.pipeline.synthesis;

/**
 * Joins a request's segments in order with a pause of silence between them. Each side of a pause
 * is faded over a few milliseconds (raised cosine): a segment may end mid-period, and a jump from
 * there to silence would be heard as a click.
 */
final class SegmentStitcher {
    private static final double FADE_SECONDS = 0.005;

    private final int fadeSamples;

    SegmentStitcher(int sampleRate) {
        this.fadeSamples = (int) Math.round(sampleRate * FADE_SECONDS);
    }

    /** The joined clip; null when a segment is null (samples that are not finite: no audio). */
    float[] stitch(float[][] segments, int pauseSamples) {
        long total = (long) pauseSamples * (segments.length - 1);
        for (float[] segment : segments) {
            if (segment == null) {
                return null;
            }
            total += segment.length;
        }
        if (segments.length == 1) {
            return segments[0];
        }
        float[] out = new float[Math.toIntExact(total)];
        int at = 0;
        for (int k = 0; k < segments.length; k++) {
            float[] segment = segments[k];
            System.arraycopy(segment, 0, out, at, segment.length);
            int fade = Math.min(fadeSamples, segment.length / 2);
            for (int i = 0; i < fade; i++) {
                float gain = (float) (0.5 - 0.5 * Math.cos(Math.PI * i / fade));
                if (k > 0) {
                    out[at + i] *= gain;
                }
                if (k < segments.length - 1) {
                    out[at + segment.length - 1 - i] *= gain;
                }
            }
            at += segment.length + pauseSamples;
        }
        return out;
    }
}
