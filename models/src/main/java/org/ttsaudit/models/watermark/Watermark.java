package org.ttsaudit.models.watermark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * A keyed spread-spectrum watermark for the synthesizer's clips (mono, 22,050 Hz).
 *
 * <p>The mark is one frame of {@value #FRAME} samples (0.74 s), repeated through the clip: a sum of
 * keyed noise sequences, one for synchronisation and one per payload bit (sign = bit), each with a
 * flat spectrum of random phases over 300..6000 Hz, a band that a 16 kHz resampling keeps. Its
 * amplitude follows the clip's 20 ms envelope, so it hides under the voice and is absent in
 * silence, and is scaled so that the mark's energy is {@code snrDb} below the clip's.
 *
 * <p>The detector resamples to 22,050 Hz, cuts the recording into frames from its first sample,
 * whitens each frame's spectrum (divides by its smoothed power, so the voice's harmonics do not
 * drown the mark) and adds them: because the mark is periodic, every frame holds it at the same
 * circular shift, wherever the recording starts. A circular cross-correlation with the sync sequence
 * finds that shift; the bits are then read by correlation at it, and the payload's CRC-8 must match.
 * Without the key neither the sequences nor the payload's request hash can be computed.
 */
public final class Watermark {
    public static final int SAMPLE_RATE = 22050;
    static final int FRAME = 16384;
    private static final double LOW_HZ = 300;
    private static final double HIGH_HZ = 6000;
    private static final int ENVELOPE = SAMPLE_RATE / 50;
    /** Half-width, in bins (1.35 Hz each), of the smoothing of the power spectrum the detector whitens by. */
    private static final int SMOOTH = 24;
    /**
     * Sync peak, in standard deviations of the correlation over all shifts, a detection needs (with
     * a payload whose CRC matches). In WatermarkTest the highest unmarked reading was 5.7 and the
     * lowest marked one 8.3; since the decoder tries 2^FLIPS bit patterns against an 8-bit CRC,
     * this threshold, not the CRC, is what keeps noise from being read as a mark.
     */
    public static final double THRESHOLD = 7.0;
    /**
     * Share of the band's bins (and so of the mark's energy) given to sync; the rest is dealt to the
     * bits. Disjoint bins keep the sequences exactly orthogonal: when they shared every bin, each one
     * was noise to the others and capped the sync peak near 10 standard deviations however loud the mark.
     */
    private static final double SYNC_SHARE = 0.3;
    /** Weakest bits the decoder tries flipping when the CRC fails (6: a 3 s excerpt in 200 needed more than 4). */
    private static final int FLIPS = 6;
    /** Frames per window (about 3 s) the detector also reads a long recording in. */
    private static final int WINDOW = 4;

    private final byte[] key;
    private final int firstBin;
    private final int bins;
    /** Each bin's keyed phase, and which sequence owns it: sync (0) or payload bit k (k + 1). */
    private final double[] cos;
    private final double[] sin;
    private final int[] owner;
    /**
     * The mark's frame in parts, built on the first embed: sync's sequence, then each bit's for a
     * one, in the time domain at the frame's unit-RMS scale. A payload's frame is their sum with the
     * bits' signs, since the inverse FFT is linear, and its RMS does not depend on the payload (every
     * bin has magnitude one). Summing the 45 parts (2.9 MB of floats, per key that marks) and the
     * envelope's one add a sample took a 3 s clip's marking from 1.85 ms to 0.3 ms, where the
     * inverse FFT of 16,384 points per clip and the envelope's loop were before.
     */
    private float[][] parts;

    public Watermark(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("watermark key must have at least 16 bytes");
        }
        this.key = key.clone();
        firstBin = (int) Math.ceil(LOW_HZ * FRAME / SAMPLE_RATE);
        bins = (int) Math.floor(HIGH_HZ * FRAME / SAMPLE_RATE) - firstBin + 1;
        cos = new double[bins];
        sin = new double[bins];
        owner = new int[bins];
        SplittableRandom r = new SplittableRandom(ByteBuffer.wrap(hmac("sequences")).getLong());
        int[] order = new int[bins];
        for (int b = 0; b < bins; b++) {
            double phase = 2 * Math.PI * r.nextDouble();
            cos[b] = Math.cos(phase);
            sin[b] = Math.sin(phase);
            order[b] = b;
        }
        for (int b = bins - 1; b > 0; b--) { // a keyed shuffle: which bins carry sync, which each bit
            int j = r.nextInt(b + 1);
            int t = order[b]; order[b] = order[j]; order[j] = t;
        }
        int syncBins = (int) (SYNC_SHARE * bins);
        for (int i = 0; i < bins; i++) {
            owner[order[i]] = i < syncBins ? 0 : 1 + (i - syncBins) % Payload.BITS;
        }
    }

    /** The payload for a request: a keyed 20-bit hash of its id and the hour it was made in. */
    public Payload payload(String requestId, Instant made) {
        int hash = ByteBuffer.wrap(hmac("request " + requestId)).getInt() & ((1 << Payload.HASH_BITS) - 1);
        return new Payload(hash, (int) (made.getEpochSecond() / 3600) & ((1 << Payload.HOUR_BITS) - 1));
    }

    /** Whether {@code requestId} hashes to the payload's request hash (a 1-in-a-million chance for another id). */
    public boolean matches(Payload p, String requestId) {
        return payload(requestId, Instant.EPOCH).requestHash() == p.requestHash();
    }

    /** The clip with the mark added, {@code snrDb} below the clip's energy. */
    public float[] embed(float[] clip, Payload payload, double snrDb) {
        float[] frame = frame(payload.bits());
        // The envelope goes into the output array, and the marked clip over it: one array a clip.
        // A 1,000-character text is a 200 s clip, and a double envelope with its prefix sums took
        // 70 MB more for each on the storing threads (HostileCorpusITCase's heap bound).
        float[] out = envelope(clip);
        double clipEnergy = 0, markEnergy = 0;
        // Frame by frame, so the inner loops index the frame directly (no modulo) and vectorize.
        for (int start = 0; start < clip.length; start += FRAME) {
            int len = Math.min(FRAME, clip.length - start);
            for (int j = 0; j < len; j++) {
                double m = out[start + j] * frame[j];
                clipEnergy += (double) clip[start + j] * clip[start + j];
                markEnergy += m * m;
            }
        }
        if (markEnergy == 0) {
            return clip.clone(); // silence: nothing to hide a mark under
        }
        float gain = (float) Math.sqrt(clipEnergy * Math.pow(10, -snrDb / 10) / markEnergy);
        for (int start = 0; start < clip.length; start += FRAME) {
            int len = Math.min(FRAME, clip.length - start);
            for (int j = 0; j < len; j++) {
                out[start + j] = clip[start + j] + gain * out[start + j] * frame[j];
            }
        }
        return out;
    }

    /** The detection if the mark is there with a valid CRC and a sync peak over {@link #THRESHOLD}. */
    public Optional<Detection> detect(float[] audio, int sampleRate) {
        return Optional.of(analyse(audio, sampleRate)).filter(Detection::detected);
    }

    /** The detector's reading whether or not it clears the threshold (for measuring margins). */
    public Detection analyse(float[] audio, int sampleRate) {
        float[] x = Resampler.resample(audio, sampleRate, SAMPLE_RATE);
        Detection best = analyse(x, 0, x.length);
        // In a longer recording the clip may be a part only, and the rest would dilute it: also read
        // windows of WINDOW frames, half-overlapping, and keep the strongest reading.
        for (int start = 0; x.length > WINDOW * FRAME && start < x.length - FRAME; start += WINDOW * FRAME / 2) {
            Detection d = analyse(x, start, Math.min(x.length, start + WINDOW * FRAME));
            if (d.detected() && !best.detected() || d.detected() == best.detected() && d.score() > best.score()) {
                best = d;
            }
        }
        return best;
    }

    private Detection analyse(float[] x, int from, int to) {
        double[] zr = new double[FRAME], zi = new double[FRAME];
        double[] re = new double[FRAME], im = new double[FRAME];
        double[] power = new double[bins];
        for (int start = from; start < to; start += FRAME) {
            Arrays.fill(im, 0);
            int n = Math.min(FRAME, to - start);
            for (int i = 0; i < FRAME; i++) {
                re[i] = i < n ? x[start + i] : 0;
            }
            FastFourierTransformer.transformInPlace(new double[][] {re, im}, DftNormalization.STANDARD, TransformType.FORWARD);
            double mean = 0;
            for (int b = 0; b < bins; b++) {
                int f = firstBin + b;
                power[b] = re[f] * re[f] + im[f] * im[f];
                mean += power[b];
            }
            mean /= bins;
            if (mean == 0) {
                continue; // digital silence carries nothing
            }
            double[] smooth = smooth(power);
            for (int b = 0; b < bins; b++) {
                int f = firstBin + b;
                // Weight by 1/noise power (the matched filter in coloured noise), scaled so that every
                // frame counts alike whatever its loudness.
                double w = Math.sqrt(mean) / (smooth[b] + 1e-12 * mean);
                zr[f] += re[f] * w;
                zi[f] += im[f] * w;
            }
        }
        // Circular cross-correlation with the sync sequence over all shifts.
        Arrays.fill(re, 0);
        Arrays.fill(im, 0);
        for (int b = 0; b < bins; b++) {
            int f = firstBin + b;
            if (owner[b] != 0) {
                continue;
            }
            re[f] = zr[f] * cos[b] + zi[f] * sin[b];
            im[f] = zi[f] * cos[b] - zr[f] * sin[b];
            re[FRAME - f] = re[f];
            im[FRAME - f] = -im[f];
        }
        FastFourierTransformer.transformInPlace(new double[][] {re, im}, DftNormalization.STANDARD, TransformType.INVERSE);
        int shift = 0;
        double sumSq = 0;
        for (int t = 0; t < FRAME; t++) {
            sumSq += re[t] * re[t];
            if (re[t] > re[shift]) {
                shift = t;
            }
        }
        double sigma = Math.sqrt(sumSq / FRAME);
        if (sigma == 0) {
            return new Detection(null, 0, 0, false);
        }
        double[] c = new double[Payload.BITS];
        for (int b = 0; b < bins; b++) {
            if (owner[b] == 0) {
                continue;
            }
            int f = firstBin + b;
            double a = 2 * Math.PI * (double) f * shift / FRAME;
            double er = Math.cos(a), ei = Math.sin(a);
            double ur = zr[f] * er - zi[f] * ei, ui = zr[f] * ei + zi[f] * er; // Z(f) e^{j2πfτ/F}
            c[owner[b] - 1] += ur * cos[b] + ui * sin[b];
        }
        long bits = 0;
        Integer[] weakest = new Integer[Payload.BITS];
        for (int k = 0; k < Payload.BITS; k++) {
            bits |= (c[k] > 0 ? 1L : 0L) << k;
            weakest[k] = k;
        }
        Arrays.sort(weakest, (a, b) -> Double.compare(Math.abs(c[a]), Math.abs(c[b])));
        double margin = Math.abs(c[weakest[0]]) * 2.0 / FRAME / sigma;
        // Soft decoding: when the CRC fails, flip the least certain bits, in every combination of
        // the FLIPS weakest, and take the first that passes; the sync threshold keeps the extra
        // CRC trials from turning noise into detections (see THRESHOLD).
        for (int m = 0; m < 1 << FLIPS; m++) {
            long candidate = bits;
            for (int j = 0; j < FLIPS; j++) {
                if ((m >>> j & 1) == 1) {
                    candidate ^= 1L << weakest[j];
                }
            }
            Optional<Payload> p = Payload.ofBits(candidate);
            if (p.isPresent()) {
                return new Detection(p.get(), re[shift] / sigma, margin, true);
            }
        }
        return new Detection(null, re[shift] / sigma, margin, false);
    }

    /** One frame of the mark at unit RMS: sync's bins as they are, each bit's with the bit's sign. */
    private float[] frame(long payloadBits) {
        float[][] p = parts();
        float[] frame = new float[FRAME];
        for (int k = 0; k < p.length; k++) {
            float sign = k == 0 || (payloadBits >>> (k - 1) & 1) == 1 ? 1 : -1;
            float[] part = p[k];
            for (int i = 0; i < FRAME; i++) {
                frame[i] += sign * part[i];
            }
        }
        return frame;
    }

    private synchronized float[][] parts() {
        if (parts == null) {
            double[][] re = new double[1 + Payload.BITS][FRAME];
            double[][] im = new double[1 + Payload.BITS][FRAME];
            for (int b = 0; b < bins; b++) {
                int f = firstBin + b;
                re[owner[b]][f] = cos[b];
                im[owner[b]][f] = sin[b];
                re[owner[b]][FRAME - f] = cos[b];
                im[owner[b]][FRAME - f] = -sin[b];
            }
            double sum = 0;
            for (int k = 0; k < re.length; k++) {
                FastFourierTransformer.transformInPlace(new double[][] {re[k], im[k]}, DftNormalization.STANDARD,
                        TransformType.INVERSE);
                for (double v : re[k]) {
                    sum += v * v; // the parts share no bin, so their energies add
                }
            }
            double rms = Math.sqrt(sum / FRAME);
            float[][] built = new float[re.length][FRAME];
            for (int k = 0; k < re.length; k++) {
                for (int i = 0; i < FRAME; i++) {
                    built[k][i] = (float) (re[k][i] / rms);
                }
            }
            parts = built;
        }
        return parts;
    }

    /**
     * The RMS of the 20 ms centred on each sample, from a running sum of squares. In the middle of
     * the clip the window's change at each sample is computed first, in chunks, so the running sum
     * is one add a sample: a tenth of the time of one loop that did it all (1.2 ms for a 3 s clip,
     * most of the storing work per request in the inference bench's BusyCore).
     */
    private static float[] envelope(float[] x) {
        int n = x.length;
        int h = ENVELOPE / 2;
        float[] env = new float[n];
        double sum = 0;
        for (int j = 0; j < Math.min(n, h); j++) {
            sum += (double) x[j] * x[j];
        }
        int lo = Math.min(n, h + 1);
        int hi = Math.max(lo, n - h);
        for (int i = 0; i < lo; i++) {
            sum = meanSquare(x, env, sum, i);
        }
        double[] change = new double[Math.min(4096, hi - lo)];
        double perWindow = 1.0 / (2 * h + 1);
        for (int start = lo; start < hi; start += change.length) {
            int len = Math.min(change.length, hi - start);
            for (int j = 0; j < len; j++) {
                int i = start + j;
                change[j] = (double) x[i + h] * x[i + h] - (double) x[i - h - 1] * x[i - h - 1];
            }
            for (int j = 0; j < len; j++) {
                sum += change[j];
                env[start + j] = (float) (Math.max(0, sum) * perWindow);
            }
        }
        for (int i = hi; i < n; i++) {
            sum = meanSquare(x, env, sum, i);
        }
        for (int i = 0; i < n; i++) {
            env[i] = (float) Math.sqrt(env[i]);
        }
        return env;
    }

    /** One step of the running sum at a clip's edge, where the window is cut short: its mean square into {@code env[i]}. */
    private static double meanSquare(float[] x, float[] env, double sum, int i) {
        int h = ENVELOPE / 2;
        if (i + h < x.length) {
            sum += (double) x[i + h] * x[i + h];
        }
        if (i - h - 1 >= 0) {
            sum -= (double) x[i - h - 1] * x[i - h - 1];
        }
        int count = Math.min(x.length, i + h + 1) - Math.max(0, i - h);
        env[i] = (float) (Math.max(0, sum) / count);
        return sum;
    }

    private static double[] smooth(double[] p) {
        double[] prefix = new double[p.length + 1];
        for (int i = 0; i < p.length; i++) {
            prefix[i + 1] = prefix[i] + p[i];
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            int a = Math.max(0, i - SMOOTH), b = Math.min(p.length, i + SMOOTH + 1);
            out[i] = (prefix[b] - prefix[a]) / (b - a);
        }
        return out;
    }

    private byte[] hmac(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * What the detector read: the payload if its CRC matched, the sync peak in standard deviations
     * ({@code score}) and the weakest bit's correlation in the same unit ({@code bitMargin}).
     */
    public record Detection(Payload payload, double score, double bitMargin, boolean crcOk) {
        public boolean detected() {
            return crcOk && score >= THRESHOLD;
        }
    }
}
