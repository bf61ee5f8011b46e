package org.ttsaudit.models.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.models.Synth;
import org.ttsaudit.models.Vocab;
import org.ttsaudit.models.audio.VoiceClips;

/**
 * Robustness, false detections and audibility of the watermark, measured on synthetic voices of
 * 3..7 s under the transforms a clip meets on its way out (the figures go to the README).
 */
class WatermarkTest {
    private static final int RATE = Watermark.SAMPLE_RATE;
    private static final int CLIPS = Integer.getInteger("watermark.clips", 200);
    private static final int SYNTH_CLIPS = Integer.getInteger("watermark.synth-clips", 50);
    private static final int UNMARKED = Integer.getInteger("watermark.unmarked", 1000);
    private static final double SNR_DB = Double.parseDouble(System.getProperty("watermark.snr", "35"));
    private static final Watermark MARK = new Watermark(key(1));
    private static final Watermark OTHER = new Watermark(key(2));

    private static final List<float[]> voices = new ArrayList<>();
    private static final List<float[]> marked = new ArrayList<>();
    private static final List<Payload> payloads = new ArrayList<>();

    /** Each transform: the clip (and a per-clip random source) to what the detector gets, at its rate. */
    private record Heard(float[] samples, int rate) {}

    private static final Map<String, BiFunction<float[], SplittableRandom, Heard>> TRANSFORMS = new LinkedHashMap<>();

    static {
        TRANSFORMS.put("none", (x, r) -> new Heard(x, RATE));
        TRANSFORMS.put("resampled to 16 kHz", (x, r) -> new Heard(pcm16(Resampler.resample(x, RATE, 16000)), 16000));
        TRANSFORMS.put("resampled to 44.1 kHz", (x, r) -> new Heard(pcm16(Resampler.resample(x, RATE, 44100)), 44100));
        TRANSFORMS.put("8-bit", (x, r) -> new Heard(quantise(x, 128), RATE));
        TRANSFORMS.put("16-bit", (x, r) -> new Heard(pcm16(x), RATE));
        TRANSFORMS.put("gain +6 dB (clipped)", (x, r) -> new Heard(pcm16(gain(x, 2)), RATE));
        TRANSFORMS.put("gain -6 dB", (x, r) -> new Heard(pcm16(gain(x, 0.5)), RATE));
        TRANSFORMS.put("noise at 20 dB SNR", (x, r) -> new Heard(pcm16(noise(x, 20, r)), RATE));
        TRANSFORMS.put("3 s excerpt", (x, r) -> {
            int start = r.nextInt(x.length - 3 * RATE + 1);
            return new Heard(pcm16(Arrays.copyOfRange(x, start, start + 3 * RATE)), RATE);
        });
        TRANSFORMS.put("between other speech", (x, r) -> {
            // 1..3 s of two other (unmarked) voices before and after it.
            float[] before = Arrays.copyOf(voices.get(r.nextInt(voices.size())), RATE + r.nextInt(2 * RATE));
            float[] after = Arrays.copyOf(voices.get(r.nextInt(voices.size())), RATE + r.nextInt(2 * RATE));
            float[] all = new float[before.length + x.length + after.length];
            System.arraycopy(before, 0, all, 0, before.length);
            System.arraycopy(x, 0, all, before.length, x.length);
            System.arraycopy(after, 0, all, before.length + x.length, after.length);
            return new Heard(pcm16(all), RATE);
        });
    }

    @BeforeAll
    static void markClips() {
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < CLIPS; i++) {
            float[] voice = VoiceClips.voice(r.nextLong(), 3 + 4 * r.nextDouble(), RATE);
            Payload p = MARK.payload("req-" + i, Instant.ofEpochSecond(1_790_000_000L + 3600L * i));
            voices.add(voice);
            payloads.add(p);
            marked.add(pcm16(MARK.embed(voice, p, SNR_DB)));
        }
    }

    @Test
    void markIsAtLeast35DbBelowTheClip() {
        double worst = Double.POSITIVE_INFINITY;
        long nanos = 0, samples = 0;
        for (int i = 0; i < CLIPS; i++) {
            long t0 = System.nanoTime();
            float[] clip = voices.get(i), withMark = MARK.embed(clip, payloads.get(i), SNR_DB);
            nanos += System.nanoTime() - t0;
            samples += clip.length;
            double signal = 0, mark = 0;
            for (int j = 0; j < clip.length; j++) {
                signal += (double) clip[j] * clip[j];
                mark += (double) (withMark[j] - clip[j]) * (withMark[j] - clip[j]);
            }
            worst = Math.min(worst, 10 * Math.log10(signal / mark));
        }
        System.out.printf("audibility: worst mark SNR %.2f dB over %d clips; embedding %.2f ms per second of audio%n",
                worst, CLIPS, nanos / 1e6 / ((double) samples / RATE));
        assertThat(worst).isGreaterThanOrEqualTo(SNR_DB - 0.1);
    }

    @Test
    void markSurvivesEachTransformWithItsPayload() {
        assertFoundUnderEveryTransform("voices", marked, payloads);
    }

    /** The stand-in synthesizer's own output (what the job stores), fewer clips: a model call each. */
    @Test
    void markSurvivesEachTransformOnTheSynthesizersOutput() throws Exception {
        List<String> vocab = Vocab.tokens().subList(2, Vocab.tokens().size()); // not <pad>, <sil>
        SplittableRandom r = new SplittableRandom(17);
        List<float[]> clips = new ArrayList<>();
        List<Payload> sent = new ArrayList<>();
        try (OrtSession synth = Synth.session("synth.onnx")) {
            for (int i = 0; i < SYNTH_CLIPS; i++) {
                // 15..35 tokens of 0.2 s: 3..7 s, as the voices.
                String tokens = String.join(" ", r.ints(15 + r.nextInt(21), 0, vocab.size()).mapToObj(vocab::get).toList());
                float[] clip = Synth.run(synth, new Synth.Request(tokens).withSpeaker(Synth.speaker(r.nextLong()))).row(0);
                Payload p = MARK.payload("synth-" + i, Instant.ofEpochSecond(1_790_000_000L + 3600L * i));
                clips.add(pcm16(MARK.embed(clip, p, SNR_DB)));
                sent.add(p);
            }
        }
        assertFoundUnderEveryTransform("synthesizer", clips, sent);
    }

    private static void assertFoundUnderEveryTransform(String source, List<float[]> marked, List<Payload> payloads) {
        int clips = marked.size();
        Map<String, Integer> detected = new LinkedHashMap<>();
        Map<String, Double> weakest = new LinkedHashMap<>();
        Map<String, Double> weakestBit = new LinkedHashMap<>();
        long nanos = 0;
        for (var t : TRANSFORMS.entrySet()) {
            SplittableRandom r = new SplittableRandom(t.getKey().hashCode());
            int ok = 0;
            double min = Double.POSITIVE_INFINITY, minBit = Double.POSITIVE_INFINITY;
            for (int i = 0; i < clips; i++) {
                Heard h = t.getValue().apply(marked.get(i), r.split());
                long t0 = System.nanoTime();
                Watermark.Detection d = MARK.analyse(h.samples(), h.rate());
                nanos += System.nanoTime() - t0;
                if (d.detected() && d.payload().equals(payloads.get(i))) {
                    ok++;
                }
                min = Math.min(min, d.score());
                minBit = Math.min(minBit, d.bitMargin());
            }
            detected.put(t.getKey(), ok);
            weakest.put(t.getKey(), min);
            weakestBit.put(t.getKey(), minBit);
        }
        detected.forEach((t, ok) -> System.out.printf("robustness (%s): %-24s %d/%d, lowest sync score %.1f, weakest bit %.2f%n",
                source, t, ok, clips, weakest.get(t), weakestBit.get(t)));
        System.out.printf("detection (%s): %.1f ms per clip%n", source, nanos / 1e6 / (clips * TRANSFORMS.size()));
        detected.forEach((t, ok) -> assertThat(ok).as(source + ", " + t).isEqualTo(clips));
    }

    /**
     * {@code UNMARKED} (1,000) distinct clips that were never marked, each a voice of its own seed
     * (every other one in words and pauses), 3..5 s, under the transforms in turn; then the marked
     * clips read with another key.
     */
    @Test
    void unmarkedClipsAndAnotherKeysMarkAreNotDetected() {
        SplittableRandom r = new SplittableRandom(7);
        List<String> names = new ArrayList<>(TRANSFORMS.keySet());
        double highest = 0;
        int falseDetections = 0;
        for (int i = 0; i < UNMARKED; i++) {
            long seed = r.nextLong();
            double seconds = 3 + 2 * r.nextDouble();
            float[] clip = i % 2 == 0 ? VoiceClips.voice(seed, seconds, RATE) : VoiceClips.speech(seed, seconds, RATE);
            Heard h = TRANSFORMS.get(names.get(i % names.size())).apply(clip, r.split());
            Watermark.Detection d = MARK.analyse(h.samples(), h.rate());
            highest = Math.max(highest, d.score());
            falseDetections += d.detected() ? 1 : 0;
        }
        double highestOtherKey = 0;
        int otherKeyDetections = 0;
        for (int i = 0; i < CLIPS; i++) {
            Heard h = TRANSFORMS.get(names.get(i % names.size())).apply(marked.get(i), r.split());
            Watermark.Detection d = OTHER.analyse(h.samples(), h.rate());
            highestOtherKey = Math.max(highestOtherKey, d.score());
            otherKeyDetections += d.detected() ? 1 : 0;
        }
        System.out.printf("false detections: %d of %d distinct unmarked clips (highest sync score %.2f), %d of %d marked "
                + "clips read with another key (highest %.2f); threshold %.1f%n", falseDetections, UNMARKED, highest,
                otherKeyDetections, CLIPS, highestOtherKey, Watermark.THRESHOLD);
        assertThat(falseDetections).isZero();
        assertThat(otherKeyDetections).isZero();
    }

    @Test
    void payloadRoundTripsAndItsCrcCatchesAFlippedBit() {
        Payload p = MARK.payload("0b5e7d0c-1f2a-4c3b-9d8e-7f6a5b4c3d2e", Instant.parse("2026-12-02T10:15:00Z"));
        assertThat(Payload.ofBits(p.bits())).contains(p);
        for (int k = 0; k < Payload.BITS; k++) {
            assertThat(Payload.ofBits(p.bits() ^ 1L << k)).as("bit " + k).isEmpty();
        }
        assertThat(MARK.matches(p, "0b5e7d0c-1f2a-4c3b-9d8e-7f6a5b4c3d2e")).isTrue();
        assertThat(MARK.matches(p, "another")).isFalse();
        assertThat(OTHER.matches(p, "0b5e7d0c-1f2a-4c3b-9d8e-7f6a5b4c3d2e")).isFalse();
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }

    private static float[] quantise(float[] x, int levels) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (Math.max(-levels, Math.min(levels - 1, Math.round(x[i] * levels))) / (double) levels);
        }
        return y;
    }

    private static float[] pcm16(float[] x) {
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
