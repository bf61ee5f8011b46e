package org.ttsaudit.pipeline.synthesis;

import java.util.Arrays;
import org.ttsaudit.models.audio.Signals;

/**
 * What the audit log keeps about a reference clip, and what makes one unusable: its length, level,
 * an SNR estimate (loud frames against quiet frames, which in speech are pauses) and the share of
 * clipped samples.
 */
record ReferenceQuality(int durationMs, double rmsDbfs, double snrDb, double clippedFraction) {
    private static final double FRAME_SECONDS = 0.02;
    private static final double MAX_SNR_DB = 60;

    static ReferenceQuality measure(float[] samples, int sampleRate) {
        int durationMs = (int) (samples.length * 1000L / sampleRate);
        int clipped = 0;
        for (float s : samples) {
            if (Math.abs(s) >= 0.999f) {
                clipped++;
            }
        }
        return new ReferenceQuality(durationMs, Signals.rmsDbfs(samples), snrDb(samples, sampleRate),
                samples.length == 0 ? 0 : (double) clipped / samples.length);
    }

    /** 90th against 10th percentile of 20 ms frame levels; capped so digital silence reads 60 dB. */
    private static double snrDb(float[] samples, int sampleRate) {
        int frame = Math.max(1, (int) (sampleRate * FRAME_SECONDS));
        int frames = samples.length / frame;
        if (frames < 10) {
            return 0;
        }
        double[] levels = new double[frames];
        for (int f = 0; f < frames; f++) {
            levels[f] = Signals.rmsDbfs(samples, f * frame, (f + 1) * frame);
        }
        Arrays.sort(levels);
        double snr = levels[(int) (frames * 0.9)] - levels[(int) (frames * 0.1)];
        return Math.min(MAX_SNR_DB, Math.round(snr * 10) / 10.0);
    }
}
