package org.ttsaudit.models.audio;

/** Measurement helpers used by tests across the project: pitch, level, duration. */
public final class Signals {
    private static final double MIN_F0 = 50;
    private static final double MAX_F0 = 1000;

    private Signals() {}

    /**
     * Fundamental frequency (Hz) of {@code x[from, to)} by normalised autocorrelation, or 0 if the
     * segment is not periodic (best correlation below 0.5). The segment should hold at least two
     * periods of the lowest pitch expected.
     */
    public static double f0(float[] x, int sampleRate, int from, int to) {
        int minLag = (int) Math.floor(sampleRate / MAX_F0);
        int maxLag = Math.min((int) Math.ceil(sampleRate / MIN_F0), (to - from) / 2);
        if (maxLag <= minLag + 1) {
            return 0;
        }
        double[] r = new double[maxLag + 2];
        double best = 0;
        for (int lag = minLag; lag <= maxLag + 1; lag++) {
            r[lag] = correlation(x, from, to, lag);
            best = Math.max(best, r[lag]);
        }
        if (best < 0.5) {
            return 0;
        }
        // The first local peak within 1% of the best one, so that a steady voice, whose correlation
        // repeats at 2, 3... periods, is not read an octave low.
        for (int lag = minLag + 1; lag <= maxLag; lag++) {
            if (r[lag] >= 0.99 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
                double denom = r[lag - 1] - 2 * r[lag] + r[lag + 1];
                double offset = denom == 0 ? 0 : 0.5 * (r[lag - 1] - r[lag + 1]) / denom; // parabolic refinement
                return sampleRate / (lag + offset);
            }
        }
        return 0; // the best correlation sits at the edge of the lag range
    }

    public static double f0(float[] x, int sampleRate) {
        return f0(x, sampleRate, 0, x.length);
    }

    private static double correlation(float[] x, int from, int to, int lag) {
        double xy = 0, xx = 0, yy = 0;
        for (int i = from; i + lag < to; i++) {
            double a = x[i];
            double b = x[i + lag];
            xy += a * b;
            xx += a * a;
            yy += b * b;
        }
        return xx == 0 || yy == 0 ? 0 : xy / Math.sqrt(xx * yy);
    }

    /** RMS level of {@code x[from, to)} in dBFS (a full-scale sine is -3 dB); silence gives -120. */
    public static double rmsDbfs(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        double rms = to > from ? Math.sqrt(sum / (to - from)) : 0;
        return 20 * Math.log10(Math.max(rms, 1e-6));
    }

    public static double rmsDbfs(float[] x) {
        return rmsDbfs(x, 0, x.length);
    }

    public static double seconds(int samples, int sampleRate) {
        return samples / (double) sampleRate;
    }
}
