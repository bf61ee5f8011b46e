package org.ttsaudit.bench.provenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.bench.Table;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.watermark.Payload;
import org.ttsaudit.models.watermark.Robustness;
import org.ttsaudit.models.watermark.Watermark;

/**
 * The watermark's robustness, false detections and audibility (models.watermark.Robustness, the
 * code WatermarkTest asserts on). Its cost in synthesis throughput is a figure of the inference
 * suite (watermarked vs unmarked), where the operator runs.
 */
public final class ProvenanceBench implements Suite {
    private static final String SUITE = "provenance";
    private static final int RATE = Watermark.SAMPLE_RATE;
    private static final double SNR_DB = 35;

    @Override
    public String name() {
        return "provenance";
    }

    @Override
    public String method() {
        return "N synthetic voices (VoiceClips, 3..7 s, seeded; a steady harmonic voice, the harder case for the mark), each "
                + "marked at 35 dB below the clip with its own payload under one key, stored as PCM16, then put through each "
                + "transform and read by the detector; a detection counts only with the clip's exact payload. False "
                + "detections: 5 N distinct clips that were never marked (every other one in words and pauses, 3..5 s), under "
                + "the transforms in turn, and the marked clips read with another key. Audibility: the mark's energy against "
                + "the clip's, before PCM16 rounding";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int n = ctx.size(200, 10);
        Watermark mark = new Watermark(key(1));
        Watermark other = new Watermark(key(2));
        List<float[]> voices = new ArrayList<>();
        List<float[]> marked = new ArrayList<>();
        List<Payload> payloads = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(13);
        double worstSnr = Double.POSITIVE_INFINITY;
        long embedNanos = 0;
        long samples = 0;
        for (int i = 0; i < n; i++) {
            float[] voice = VoiceClips.voice(r.nextLong(), 3 + 4 * r.nextDouble(), RATE);
            Payload p = mark.payload("req-" + i, Instant.ofEpochSecond(1_790_000_000L + 3600L * i));
            long start = System.nanoTime();
            float[] withMark = mark.embed(voice, p, SNR_DB);
            embedNanos += System.nanoTime() - start;
            samples += voice.length;
            worstSnr = Math.min(worstSnr, Robustness.markSnrDb(voice, withMark));
            voices.add(voice);
            payloads.add(p);
            marked.add(Robustness.pcm16(withMark));
        }
        Robustness robustness = new Robustness(voices);
        List<Robustness.Row> rows = robustness.detection(mark, marked, payloads);
        Robustness.FalseDetections never = robustness.neverMarked(mark, 5 * n, 7);
        Robustness.FalseDetections otherKey = robustness.otherKey(other, marked, 8);
        double embedMsPerSecond = embedNanos / 1e6 / ((double) samples / RATE);
        ctx.fact("provenance", n + " marked voices, " + never.clips() + " never-marked clips; mark 35 dB below the clip; "
                + "detection threshold " + Watermark.THRESHOLD + " σ");
        ctx.say(String.format(Locale.ROOT, "provenance: %d false detections of %d never marked (highest %.2f σ), %d of %d under "
                + "another key (highest %.2f σ); worst mark SNR %.2f dB", never.detections(), never.clips(), never.highestScore(),
                otherKey.detections(), otherKey.clips(), otherKey.highestScore(), worstSnr));

        List<String[]> table = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (Robustness.Row row : rows) {
            table.add(new String[] {row.transform(), row.detected() + "/" + row.clips(), Table.number(row.lowestScore()),
                Table.number(row.weakestBit()), Table.number(row.msPerClip())});
            figures.add(Figure.of(SUITE, "watermark found: " + row.transform(), row.detected(), "clips", true)
                    .against("marked clips", row.clips()).goal(1.0)
                    .detail(String.format(Locale.ROOT, "lowest sync peak %.1f σ (threshold %.1f), weakest bit %.2f σ",
                            row.lowestScore(), Watermark.THRESHOLD, row.weakestBit()))
                    .limit(LIMIT));
        }
        ctx.section("Provenance: the watermark under each transform (" + n + " voices)",
                new String[] {"transform", "found with its payload", "lowest sync peak (σ)", "weakest bit (σ)", "detection ms per clip"},
                table);
        figures.add(Figure.of(SUITE, "never-marked clips read as unmarked", never.clips() - never.detections(), "clips", true)
                .against("never-marked clips", never.clips()).goal(1.0)
                .detail(String.format(Locale.ROOT, "%d false detections; highest sync peak %.2f σ against the threshold %.1f",
                        never.detections(), never.highestScore(), Watermark.THRESHOLD)));
        figures.add(Figure.of(SUITE, "marked clips read as unmarked under another key", otherKey.clips() - otherKey.detections(),
                        "clips", true)
                .against("marked clips", otherKey.clips()).goal(1.0)
                .detail(String.format(Locale.ROOT, "highest sync peak %.2f σ", otherKey.highestScore())));
        figures.add(Figure.of(SUITE, "mark below the clip, worst clip (audibility)", worstSnr, "dB", true)
                .detail(String.format(Locale.ROOT, "watermark.snr-db 35; embedding %.2f ms per second of audio", embedMsPerSecond)));
        return figures;
    }

    private static final String LIMIT = "the mark's energy (35 dB below the clip) against the voice's harmonics and the noise a "
            + "transform adds; a 3 s excerpt holds four frames of the mark, and noise at 20 dB SNR leaves the weakest bits near zero";

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }
}
