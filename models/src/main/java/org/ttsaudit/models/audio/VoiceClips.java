package org.ttsaudit.models.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Synthetic reference voices for demos and tests: a harmonic source with a seed-dependent pitch
 * (about 90..300 Hz) shaped by seed-dependent formants, with vibrato, syllable-rate amplitude
 * modulation and a little noise. Same seed, same clip; different seeds measure differently.
 */
public final class VoiceClips {
    private VoiceClips() {}

    public static float[] voice(long seed, double seconds, int sampleRate) {
        SplittableRandom r = new SplittableRandom(seed); // unlike Random, nearby seeds give unrelated voices
        double f0 = 90 + 210 * r.nextDouble();
        double[] formants = {300 + 600 * r.nextDouble(), 900 + 1500 * r.nextDouble(), 2300 + 1000 * r.nextDouble()};
        double tilt = 0.5 + r.nextDouble();          // how fast the harmonics fall off
        double vibratoHz = 4.5 + 2 * r.nextDouble();
        double syllableHz = 3 + 2 * r.nextDouble();
        int harmonics = (int) Math.min(40, 0.45 * sampleRate / f0); // stay below Nyquist with vibrato
        double[] amp = new double[harmonics];
        for (int h = 1; h <= harmonics; h++) {
            double gain = 0.05;
            for (int k = 0; k < formants.length; k++) {
                double d = (h * f0 - formants[k]) / (80 + 40 * k);
                gain += StrictMath.exp(-d * d) / (k + 1);
            }
            amp[h - 1] = gain / StrictMath.pow(h, tilt);
        }
        int n = (int) Math.round(seconds * sampleRate);
        double[] x = new double[n];
        double phase = 0;
        double peak = 1e-9;
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            phase += f0 * (1 + 0.015 * StrictMath.sin(2 * StrictMath.PI * vibratoHz * t)) / sampleRate;
            // sin(h·θ) by the Chebyshev recurrence from sin θ and cos θ: two multiplications a harmonic
            // instead of a sine each, ten times faster (WatermarkTest makes over a thousand voices)
            double angle = 2 * StrictMath.PI * phase;
            double twoCos = 2 * StrictMath.cos(angle);
            double previous = 0;
            double current = StrictMath.sin(angle);
            double s = 0;
            for (int h = 1; h <= harmonics; h++) {
                s += amp[h - 1] * current;
                double next = twoCos * current - previous;
                previous = current;
                current = next;
            }
            double syllable = StrictMath.sin(StrictMath.PI * syllableHz * t);
            double syllables = 0.55 + 0.45 * syllable * syllable;
            x[i] = s * syllables + 0.01 * r.nextGaussian();
            peak = Math.max(peak, Math.abs(x[i]));
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.7 * x[i] / peak); // peak-normalised to 0.7: loud but never clipping
        }
        return out;
    }

    /**
     * {@link #voice} spoken as a recording is: words of 0.25..0.6 s apart by pauses of 0.1..0.25 s
     * (20 ms ramps), over a room-noise floor at -60 dBFS. A reference clip's SNR is estimated from
     * its loud frames against its pauses (the synthesis step's ReferenceQuality), so a reference
     * voice needs pauses to read as clean; this one reads about 50 dB.
     */
    public static float[] speech(long seed, double seconds, int sampleRate) {
        float[] x = voice(seed, seconds, sampleRate);
        SplittableRandom r = new SplittableRandom(~seed);
        int ramp = sampleRate / 50;
        double[] envelope = new double[x.length];
        for (int start = 0; start < x.length; ) {
            int word = (int) ((0.25 + 0.35 * r.nextDouble()) * sampleRate);
            for (int k = 0; k < word && start + k < x.length; k++) {
                double edge = Math.min(1, Math.min(k, word - 1 - k) / (double) ramp);
                envelope[start + k] = 0.5 - 0.5 * StrictMath.cos(StrictMath.PI * edge);
            }
            start += word + (int) ((0.1 + 0.15 * r.nextDouble()) * sampleRate);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * envelope[i] + 0.001 * r.nextGaussian());
        }
        return out;
    }

    /** {@link #speech} with white noise added at {@code snrDb} below the clip's own level: a recording made in a noisy room. */
    public static float[] noisySpeech(long seed, double seconds, int sampleRate, double snrDb) {
        float[] x = speech(seed, seconds, sampleRate);
        double noise = Math.pow(10, (Signals.rmsDbfs(x) - snrDb) / 20);
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.max(-1, Math.min(1, x[i] + noise * r.nextGaussian()));
        }
        return x;
    }

    /** A reference recording ({@link #speech}) as a mono 16-bit WAV file. */
    public static byte[] wav(long seed, double seconds, int sampleRate) {
        return Wav.encodePcm16(speech(seed, seconds, sampleRate), sampleRate);
    }

    public static void write(Path file, long seed, double seconds, int sampleRate) throws IOException {
        Files.write(file, wav(seed, seconds, sampleRate));
    }
}
