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
 * amplitude follows the clip's 20 ms envelope (read each 1 ms), so it hides under the voice and
 * is absent in silence, and is scaled so that the mark's energy is {@code snrDb} below the clip's.
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
    /** The envelope's step, 1 ms: 21 of them (an odd number, so a window centres on a block) make the 20 ms. */
    private static final int BLOCK = 21;
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
     * bin has magnitude one). Summing parts (47 with the two sums below: 3.1 MB of floats, per key
     * that marks) took a 3 s clip's marking from 1.85 ms to 0.3 ms, where an inverse FFT of 16,384
     * points per clip was before.
     */
    private float[][] parts;
    /** In {@link #parts}, after sync's and the bits': the frame of a payload of all ones, and of all zeros. */
    private static final int ALL_ONES = Payload.BITS + 1;
    private static final int ALL_ZEROS = Payload.BITS + 2;

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

    /**
     * Builds what {@link #embed} needs, the frame's parts, now instead of on the first clip: 23 to
     * 110 ms on a 2-core AMD EPYC (a probe of 2026-12-03), which a job's first clip would
     * otherwise wait for, and which the Piper bench's runs timed beside the model.
     */
    public Watermark forMarking() {
        parts();
        return this;
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

    /**
     * The clip with the mark added, {@code snrDb} below the clip's energy. The mark's amplitude is
     * the clip's 20 ms RMS, read once a block of {@value #BLOCK} samples (1 ms) and held for the
     * block: a 20 ms mean moves little in 1 ms. Per block, then, the clip's energy is one short sum
     * and the mark's one product with the frame's energy there (from its prefix sums), and the mark
     * is added in one pass, into one clip-sized array, or the clip itself (the blocks add 0.6 bytes a
     * sample; HostileCorpusITCase bounds the heap of 200 s clips). Marking a 6 s clip took 0.36 ms
     * instead of 0.76 ms, 0.41 ms of which was a per-sample envelope: a running sum's chain of
     * dependent adds and a square root a sample (a probe of 2026-12-03 on a 2-core AMD EPYC; the
     * Piper voice's clips are stored beside its 3.4 ms model calls, see PiperBench).
     */
    public float[] embed(float[] clip, Payload payload, double snrDb) {
        return embed(clip, payload, snrDb, new float[clip.length]);
    }

    /**
     * {@link #embed}, into {@code out}, which may be {@code clip} itself: the job's storing threads
     * mark the clip they own in place, rather than fill a second clip-sized array (0.5 MB for a 6 s
     * clip) that the encoder then reads again.
     */
    public float[] embed(float[] clip, Payload payload, double snrDb, float[] out) {
        int n = clip.length;
        if (out.length != n) {
            throw new IllegalArgumentException("out has " + out.length + " samples for a clip of " + n);
        }
        float[] frame = frame(payload.bits());
        double[] energy = blockEnergies(clip);
        float[] rms = windowRms(energy, n);
        double[] frameEnergy = new double[FRAME + 1]; // prefix sums of the frame's squares
        for (int j = 0; j < FRAME; j++) {
            frameEnergy[j + 1] = frameEnergy[j] + (double) frame[j] * frame[j];
        }
        double clipEnergy = 0, markEnergy = 0;
        for (int k = 0; k < energy.length; k++) {
            clipEnergy += energy[k];
            int start = k * BLOCK;
            markEnergy += (double) rms[k] * rms[k] * frameEnergy(frameEnergy, start, Math.min(n, start + BLOCK));
        }
        if (markEnergy == 0) {
            System.arraycopy(clip, 0, out, 0, n); // silence: nothing to hide a mark under
            return out;
        }
        float gain = (float) Math.sqrt(clipEnergy * Math.pow(10, -snrDb / 10) / markEnergy);
        for (int k = 0; k < rms.length; k++) {
            float scale = gain * rms[k];
            int end = Math.min(n, (k + 1) * BLOCK);
            for (int start = k * BLOCK; start < end; ) {
                int f = start % FRAME;
                int len = Math.min(end - start, FRAME - f); // a block may straddle the frame's end
                for (int j = 0; j < len; j++) {
                    out[start + j] = clip[start + j] + scale * frame[f + j];
                }
                start += len;
            }
        }
        return out;
    }

    /** Each block's sum of squares, in three sums so that no add waits for the one before. */
    private static double[] blockEnergies(float[] x) {
        double[] energy = new double[(x.length + BLOCK - 1) / BLOCK];
        for (int k = 0; k < energy.length; k++) {
            int i = k * BLOCK, to = Math.min(x.length, i + BLOCK);
            float a = 0, b = 0, c = 0;
            for (; i + 2 < to; i += 3) {
                a += x[i] * x[i];
                b += x[i + 1] * x[i + 1];
                c += x[i + 2] * x[i + 2];
            }
            for (; i < to; i++) {
                a += x[i] * x[i];
            }
            energy[k] = (double) a + b + c;
        }
        return energy;
    }

    /**
     * The RMS of the 20 ms centred on each block: {@code ENVELOPE / BLOCK} (21, odd) blocks, cut
     * short at the clip's edges, where the mean is over the samples that are there.
     */
    private static float[] windowRms(double[] energy, int samples) {
        int half = ENVELOPE / BLOCK / 2;
        float[] rms = new float[energy.length];
        double window = 0;
        for (int k = 0; k < Math.min(energy.length, half); k++) {
            window += energy[k];
        }
        for (int k = 0; k < energy.length; k++) {
            window += k + half < energy.length ? energy[k + half] : 0;
            window -= k - half - 1 >= 0 ? energy[k - half - 1] : 0;
            int count = Math.min(samples, (k + half + 1) * BLOCK) - Math.max(0, (k - half) * BLOCK);
            rms[k] = (float) Math.sqrt(Math.max(0, window) / count);
        }
        return rms;
    }

    /** The frame's energy under clip samples {@code from} to {@code to} (the frame repeats through the clip). */
    private static double frameEnergy(double[] prefix, int from, int to) {
        int f = from % FRAME, len = to - from;
        return f + len <= FRAME ? prefix[f + len] - prefix[f]
                : prefix[FRAME] - prefix[f] + prefix[f + len - FRAME];
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

    /**
     * One frame of the mark at unit RMS: sync's bins as they are, each bit's with the bit's sign.
     * Summed from whichever precomputed sum, all bits one or all zero, is nearer the payload, so at
     * most half the bits' parts are read (each part is 64 KB; all of them did not stay in a core's cache).
     */
    private float[] frame(long payloadBits) {
        float[][] p = parts();
        int ones = Long.bitCount(payloadBits & ((1L << Payload.BITS) - 1));
        boolean fromOnes = ones >= Payload.BITS - ones;
        float[] frame = p[fromOnes ? ALL_ONES : ALL_ZEROS].clone();
        for (int k = 1; k <= Payload.BITS; k++) {
            boolean one = (payloadBits >>> (k - 1) & 1) == 1;
            if (one != fromOnes) {
                float change = one ? 2 : -2;
                float[] part = p[k];
                for (int i = 0; i < FRAME; i++) {
                    frame[i] += change * part[i];
                }
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
            float[][] built = new float[re.length + 2][FRAME];
            for (int k = 0; k < re.length; k++) {
                for (int i = 0; i < FRAME; i++) {
                    built[k][i] = (float) (re[k][i] / rms);
                    built[ALL_ONES][i] += built[k][i];
                    built[ALL_ZEROS][i] += k == 0 ? built[k][i] : -built[k][i];
                }
            }
            parts = built;
        }
        return parts;
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
