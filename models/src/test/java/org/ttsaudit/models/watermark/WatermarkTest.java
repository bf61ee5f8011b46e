package org.ttsaudit.models.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
    private static final Robustness ROBUSTNESS = new Robustness(voices);

    @BeforeAll
    static void markClips() {
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < CLIPS; i++) {
            float[] voice = VoiceClips.voice(r.nextLong(), 3 + 4 * r.nextDouble(), RATE);
            Payload p = MARK.payload("req-" + i, Instant.ofEpochSecond(1_790_000_000L + 3600L * i));
            voices.add(voice);
            payloads.add(p);
            marked.add(Robustness.pcm16(MARK.embed(voice, p, SNR_DB)));
        }
    }

    /** The storing threads mark the clip they own in place: the same samples as into a new array, the clip's own array returned. */
    @Test
    void markingInPlaceGivesTheSameSamples() {
        for (int i = 0; i < 5; i++) {
            float[] own = voices.get(i).clone();
            float[] result = MARK.embed(own, payloads.get(i), SNR_DB, own);
            assertThat(result).isSameAs(own).isEqualTo(MARK.embed(voices.get(i), payloads.get(i), SNR_DB));
            assertThat(own).isNotEqualTo(voices.get(i));
        }
        float[] silence = new float[RATE];
        assertThat(MARK.embed(silence, payloads.get(0), SNR_DB, silence)).isSameAs(silence).containsOnly(0f);
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
            worst = Math.min(worst, Robustness.markSnrDb(clip, withMark));
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
                clips.add(Robustness.pcm16(MARK.embed(clip, p, SNR_DB)));
                sent.add(p);
            }
        }
        assertFoundUnderEveryTransform("synthesizer", clips, sent);
    }

    private static void assertFoundUnderEveryTransform(String source, List<float[]> marked, List<Payload> payloads) {
        List<Robustness.Row> rows = ROBUSTNESS.detection(MARK, marked, payloads);
        rows.forEach(row -> System.out.printf("robustness (%s): %-24s %d/%d, lowest sync score %.1f, weakest bit %.2f, %.1f ms per clip%n",
                source, row.transform(), row.detected(), row.clips(), row.lowestScore(), row.weakestBit(), row.msPerClip()));
        assertThat(rows).extracting(Robustness.Row::transform).containsExactlyElementsOf(ROBUSTNESS.transforms());
        rows.forEach(row -> assertThat(row.detected()).as(source + ", " + row.transform()).isEqualTo(marked.size()));
    }

    /** 1,000 distinct clips that were never marked; then the marked clips read with another key. */
    @Test
    void unmarkedClipsAndAnotherKeysMarkAreNotDetected() {
        Robustness.FalseDetections never = ROBUSTNESS.neverMarked(MARK, UNMARKED, 7);
        Robustness.FalseDetections otherKey = ROBUSTNESS.otherKey(OTHER, marked, 8);
        System.out.printf("false detections: %d of %d distinct unmarked clips (highest sync score %.2f), %d of %d marked "
                + "clips read with another key (highest %.2f); threshold %.1f%n", never.detections(), never.clips(),
                never.highestScore(), otherKey.detections(), otherKey.clips(), otherKey.highestScore(), Watermark.THRESHOLD);
        assertThat(never.clips()).isEqualTo(UNMARKED);
        assertThat(never.detections()).isZero();
        assertThat(otherKey.detections()).isZero();
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

}
