package org.ttsaudit.models.watermark;

/**
 * Band-limited resampling by a Hann-windowed sinc (64 taps at the lower rate): the mark's band
 * reaches 6 kHz, which the linear interpolation of {@code Wav.resample} would smear and alias.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 32;
    private static final int TABLE = 256;

    private Resampler() {}

    public static float[] resample(float[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        if (from == to || x.length == 0) {
            return x.clone();
        }
        double step = (double) from / to;               // input samples per output sample
        double scale = Math.min(1, (double) to / from);  // cutoff relative to the input's Nyquist
        double cutoff = 0.97 * scale;
        int half = (int) Math.ceil(ZERO_CROSSINGS / scale);
        // The kernel tabulated at 1/256 sample: sin and cos per tap would dominate the cost.
        double[] kernel = new double[half * TABLE + 2];
        for (int i = 0; i < kernel.length; i++) {
            double d = (double) i / TABLE;
            double window = d >= half ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * d / half);
            double arg = Math.PI * cutoff * d;
            kernel[i] = cutoff * (arg == 0 ? 1 : Math.sin(arg) / arg) * window;
        }
        float[] y = new float[(int) Math.round(x.length / step)];
        for (int i = 0; i < y.length; i++) {
            double t = i * step;
            int centre = (int) Math.floor(t);
            double sum = 0;
            for (int k = Math.max(0, centre - half + 1); k <= Math.min(x.length - 1, centre + half); k++) {
                double p = Math.abs(t - k) * TABLE;
                int j = (int) p;
                sum += x[k] * (kernel[j] + (p - j) * (kernel[j + 1] - kernel[j]));
            }
            y[i] = (float) sum;
        }
        return y;
    }
}
