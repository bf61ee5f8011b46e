package org.ttsaudit.models.watermark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.ttsaudit.models.audio.VoiceClips;

/**
 * The watermark's measurements: detection under the transforms a clip meets on its way out
 * (resampling, requantizing, gain, noise, excerpts, concatenation), false detections on clips that
 * were never marked, and the mark's level against the clip. WatermarkTest asserts on them and
 * {@code ./tts bench} (suite provenance) reports them, so the README's and BENCHMARKS.md's figures
 * come from one piece of code.
 */
public final class Robustness {
    private static final int RATE = Watermark.SAMPLE_RATE;

    /** What the detector gets after a transform: samples at a rate. */
    public record Heard(float[] samples, int rate) {}

    /** A transform's outcome over a set of marked clips. */
    public record Row(String transform, int detected, int clips, double lowestScore, double weakestBit, double msPerClip) {}

    /** Detections among clips that carry no mark for the reader. */
    public record FalseDetections(int detections, int clips, double highestScore) {}

    private final Map<String, BiFunction<float[], SplittableRandom, Heard>> transforms = new LinkedHashMap<>();

    /** {@code otherSpeech}: unmarked clips that the concatenation transform puts before and after a clip. */
    public Robustness(List<float[]> otherSpeech) {
        transforms.put("none", (x, r) -> new Heard(x, RATE));
        transforms.put("resampled to 16 kHz", (x, r) -> new Heard(pcm16(Resampler.resample(x, RATE, 16000)), 16000));
        transforms.put("resampled to 44.1 kHz", (x, r) -> new Heard(pcm16(Resampler.resample(x, RATE, 44100)), 44100));
        transforms.put("8-bit", (x, r) -> new Heard(quantise(x, 128), RATE));
        transforms.put("16-bit", (x, r) -> new Heard(pcm16(x), RATE));
        transforms.put("gain +6 dB (clipped)", (x, r) -> new Heard(pcm16(gain(x, 2)), RATE));
        transforms.put("gain -6 dB", (x, r) -> new Heard(pcm16(gain(x, 0.5)), RATE));
        transforms.put("noise at 20 dB SNR", (x, r) -> new Heard(pcm16(noise(x, 20, r)), RATE));
        transforms.put("3 s excerpt", (x, r) -> {
            int start = r.nextInt(x.length - 3 * RATE + 1);
            return new Heard(pcm16(Arrays.copyOfRange(x, start, start + 3 * RATE)), RATE);
        });
        transforms.put("between other speech", (x, r) -> {
            // 1..3 s of two other (unmarked) voices before and after it.
            float[] before = Arrays.copyOf(otherSpeech.get(r.nextInt(otherSpeech.size())), RATE + r.nextInt(2 * RATE));
            float[] after = Arrays.copyOf(otherSpeech.get(r.nextInt(otherSpeech.size())), RATE + r.nextInt(2 * RATE));
            float[] all = new float[before.length + x.length + after.length];
            System.arraycopy(before, 0, all, 0, before.length);
            System.arraycopy(x, 0, all, before.length, x.length);
            System.arraycopy(after, 0, all, before.length + x.length, after.length);
            return new Heard(pcm16(all), RATE);
        });
    }

    public List<String> transforms() {
        return List.copyOf(transforms.keySet());
    }

    public Heard apply(String transform, float[] clip, SplittableRandom r) {
        return transforms.get(transform).apply(clip, r);
    }

    /**
     * Each transform over every marked clip (stored as PCM16 before), read with {@code mark}; a
     * detection counts only with the clip's exact payload. Seeded per transform, so reruns agree.
     */
    public List<Row> detection(Watermark mark, List<float[]> marked, List<Payload> payloads) {
        List<Row> rows = new ArrayList<>();
        for (String t : transforms.keySet()) {
            SplittableRandom r = new SplittableRandom(t.hashCode());
            int ok = 0;
            double lowest = Double.POSITIVE_INFINITY;
            double weakestBit = Double.POSITIVE_INFINITY;
            long nanos = 0;
            for (int i = 0; i < marked.size(); i++) {
                Heard h = apply(t, marked.get(i), r.split());
                long start = System.nanoTime();
                Watermark.Detection d = mark.analyse(h.samples(), h.rate());
                nanos += System.nanoTime() - start;
                if (d.detected() && d.payload().equals(payloads.get(i))) {
                    ok++;
                }
                lowest = Math.min(lowest, d.score());
                weakestBit = Math.min(weakestBit, d.bitMargin());
            }
            rows.add(new Row(t, ok, marked.size(), lowest, weakestBit, nanos / 1e6 / marked.size()));
        }
        return rows;
    }

    /**
     * {@code clips} distinct clips that were never marked, each a voice of its own seed (every
     * other one in words and pauses, {@link VoiceClips#speech}), 3..5 s, under the transforms in
     * turn, read with {@code reader}.
     */
    public FalseDetections neverMarked(Watermark reader, int clips, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> names = transforms();
        double highest = 0;
        int detections = 0;
        for (int i = 0; i < clips; i++) {
            long voice = r.nextLong();
            double seconds = 3 + 2 * r.nextDouble();
            float[] clip = i % 2 == 0 ? VoiceClips.voice(voice, seconds, RATE) : VoiceClips.speech(voice, seconds, RATE);
            Watermark.Detection d = analyse(reader, names.get(i % names.size()), clip, r);
            highest = Math.max(highest, d.score());
            detections += d.detected() ? 1 : 0;
        }
        return new FalseDetections(detections, clips, highest);
    }

    /** Marked clips read with another key ({@code reader}), under the transforms in turn. */
    public FalseDetections otherKey(Watermark reader, List<float[]> marked, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> names = transforms();
        double highest = 0;
        int detections = 0;
        for (int i = 0; i < marked.size(); i++) {
            Watermark.Detection d = analyse(reader, names.get(i % names.size()), marked.get(i), r);
            highest = Math.max(highest, d.score());
            detections += d.detected() ? 1 : 0;
        }
        return new FalseDetections(detections, marked.size(), highest);
    }

    private Watermark.Detection analyse(Watermark reader, String transform, float[] clip, SplittableRandom r) {
        Heard h = apply(transform, clip, r.split());
        return reader.analyse(h.samples(), h.rate());
    }

    /** The mark's energy below the clip's, in dB: {@code marked} minus {@code clip} against {@code clip}. */
    public static double markSnrDb(float[] clip, float[] marked) {
        double signal = 0;
        double mark = 0;
        for (int j = 0; j < clip.length; j++) {
            signal += (double) clip[j] * clip[j];
            mark += (double) (marked[j] - clip[j]) * (marked[j] - clip[j]);
        }
        return 10 * Math.log10(signal / mark);
    }

    static float[] quantise(float[] x, int levels) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (Math.max(-levels, Math.min(levels - 1, Math.round(x[i] * levels))) / (double) levels);
        }
        return y;
    }

    /** As a PCM16 WAV stores it. */
    public static float[] pcm16(float[] x) {
        return quantise(x, 32768);
    }

    private static float[] gain(float[] x, double g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) Math.max(-1, Math.min(1, x[i] * g));
        }
        return y;
    }

    private static float[] noise(float[] x, double snrDb, SplittableRandom r) {
        double power = 0;
        for (float v : x) {
            power += (double) v * v;
        }
        double sigma = Math.sqrt(power / x.length * Math.pow(10, -snrDb / 10));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + sigma * r.nextGaussian());
        }
        return y;
    }
}
