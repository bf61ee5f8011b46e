package org.ttsaudit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ttsaudit.models.Synth.SR;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ttsaudit.models.Synth.Request;
import org.ttsaudit.models.Synth.Result;
import org.ttsaudit.models.audio.Signals;

class SynthModelTest {
    private static OrtSession synth;

    @BeforeAll
    static void load() throws Exception {
        synth = Synth.session("synth.onnx");
    }

    @AfterAll
    static void close() throws OrtException {
        synth.close();
    }

    /** The documented formula, as any Java caller would compute it. */
    private static long expectedLength(int tokens, float scale) {
        long expected = (long) Math.floor((double) (tokens * 4410L) * (double) scale);
        assertThat(SynthModel.waveformLength(tokens, scale)).isEqualTo(expected);
        return expected;
    }

    @ParameterizedTest
    @CsvSource({"1, 0.25", "3, 0.3", "7, 0.5", "2, 0.77", "5, 1.0", "4, 1.1", "3, 1.37", "6, 2.0", "2, 2.345", "9, 3.3", "1, 4.0"})
    void lengthIsExactlyTheFormula(int tokens, float scale) throws OrtException {
        String text = String.join(" ", Collections.nCopies(tokens, "hao3"));
        Result r = Synth.run(synth, new Request(text).withScale(scale));
        assertThat(r.lengths()[0]).isEqualTo(expectedLength(tokens, scale));
        assertThat(r.waveform()[0]).hasSize((int) expectedLength(tokens, scale));
    }

    @Test
    void lengthIsExactWhereFloat32ArithmeticWouldRoundAcrossAnInteger() throws OrtException {
        Random random = new Random(5);
        int checked = 0;
        while (checked < 6) {
            int tokens = 1 + random.nextInt(12);
            float scale = 0.25f + 3.75f * random.nextFloat();
            if (Math.floor((float) (tokens * 4410) * scale) != expectedLength(tokens, scale)) {
                Result r = Synth.run(synth, new Request(String.join(" ", Collections.nCopies(tokens, "a"))).withScale(scale));
                assertThat(r.lengths()[0]).as("%d tokens x %s", tokens, scale).isEqualTo(expectedLength(tokens, scale));
                checked++;
            }
        }
    }

    @Test
    void paddedBatchGivesEachRowItsLengthAndZerosBeyond() throws OrtException {
        Result r = Synth.run(synth, new Request("ni3 hao3"), new Request("wo3 ai4 bei3 jing1 a").withScale(0.6f),
                new Request("zhuang1 er2 lv4").withScale(1.7f));
        long[] expected = {expectedLength(2, 1f), expectedLength(5, 0.6f), expectedLength(3, 1.7f)};
        assertThat(r.lengths()).containsExactly(expected);
        int s = (int) Arrays.stream(expected).max().orElseThrow();
        for (int b = 0; b < 3; b++) {
            assertThat(r.waveform()[b]).hasSize(s);
            assertSilent(Arrays.copyOfRange(r.waveform()[b], (int) expected[b], s));
            assertThat(Signals.rmsDbfs(r.row(b))).isGreaterThan(-30);
        }
    }

    @Test
    void batchedRowEqualsTheSameRequestAlone() throws OrtException {
        Request[] batch = {
            new Request("ni3 hao3 shi4 jie4"),
            new Request("ma1 <sil> ma2").withSpeaker(Synth.speaker(7)).withEmotion(Synth.emotion("angry", 1.2f)),
            new Request("x 9 yue4").withSpeaker(Synth.speaker(8)).withEmotion(Synth.emotion("sad", 0.7f)).withScale(2.5f),
        };
        Result together = Synth.run(synth, batch);
        for (int b = 0; b < batch.length; b++) {
            Result alone = Synth.run(synth, batch[b]);
            assertThat(together.lengths()[b]).isEqualTo(alone.lengths()[0]);
            float[][] edges = alone.prosody()[0];
            for (int e = 0; e < edges.length; e++) {
                assertThat(together.prosody()[b][e]).as("row %d decoder step %d", b, e)
                        .containsExactly(edges[e], within(1e-5f));
            }
            float[] row = together.row(b);
            for (int i = 0; i < row.length; i++) {
                assertThat(row[i]).as("row %d sample %d", b, i).isCloseTo(alone.waveform()[0][i], within(1e-5f));
            }
        }
    }

    @Test
    void emotionNeverChangesLength() throws OrtException {
        float[] all = new float[8];
        Arrays.fill(all, 1.2f);
        Request base = new Request("jin1 tian1 tian1 qi4 hen3 hao3").withScale(1.23f);
        long neutral = Synth.run(synth, base).lengths()[0];
        for (float[] e : new float[][] {all, Synth.emotion("sad", 1.2f), Synth.emotion("surprised", 1f)}) {
            assertThat(Synth.run(synth, base.withEmotion(e)).lengths()[0]).isEqualTo(neutral);
        }
    }

    @Test
    void decoderStepsOncePerFrameEdgeWithinItsBoundsAndFollowsSpeakerAndEmotion() throws OrtException {
        Request base = new Request("jin1 tian1 tian1 qi4 hen3 hao3");
        float[][] neutral = Synth.run(synth, base).prosody()[0];
        assertThat(neutral).hasNumberOfRows((int) (expectedLength(6, 1f) + SynthModel.HOP - 1) / SynthModel.HOP + 1);
        for (float[] step : neutral) {
            assertThat(Math.abs(step[0])).isLessThanOrEqualTo((float) ProsodyDecoder.PITCH_RESIDUAL);
            assertThat(Math.abs(step[1])).isLessThanOrEqualTo((float) ProsodyDecoder.ENERGY_RESIDUAL);
        }
        float[][] angry = Synth.run(synth, base.withEmotion(Synth.emotion("angry", 1f))).prosody()[0];
        float[][] otherVoice = Synth.run(synth, base.withSpeaker(Synth.speaker(2))).prosody()[0];
        for (float[][] changed : new float[][][] {angry, otherVoice}) {
            assertThat(meanAbsoluteDifference(neutral, changed, 0)).as("pitch residual, semitones").isGreaterThan(0.02);
            assertThat(meanAbsoluteDifference(neutral, changed, 1)).as("loudness residual, dB").isGreaterThan(0.1);
        }
    }

    @Test
    void decoderResidualsShapeTheAudio() throws OrtException {
        Request request = new Request("a1 a1 a1 a1 a1 a1");
        Result with = Synth.run(synth, request);
        Result without;
        try (OrtSession off = Synth.session(SynthModel.build(0))) {
            without = Synth.run(off, request);
        }
        for (float[] step : without.prosody()[0]) {
            assertThat(Math.abs(step[0]) + Math.abs(step[1])).isEqualTo(0f); // -0 from tanh * 0 counts as zero
        }
        float[] on = with.row(0);
        float[] plain = without.row(0);
        float[][] steps = with.prosody()[0];
        int hop = SynthModel.HOP;
        // Ten frames in the steady middle of each token: the level differs by the frames'
        // loudness residuals (each frame takes its first edge's), the pitch by the pitch residual.
        for (int token = 0; token < 6; token++) {
            int first = (token * 4410 + 600 + hop - 1) / hop;
            int from = first * hop;
            int to = from + 10 * hop;
            double power = 0;
            double pitch = 0;
            for (int f = first; f < first + 10; f++) {
                power += Math.pow(10, steps[f][1] / 10) / 10;
                pitch += (steps[f][0] + steps[f + 1][0]) / 20;
            }
            double levelDb = Signals.rmsDbfs(on, from, to) - Signals.rmsDbfs(plain, from, to);
            double semitones = 12 * Math.log(Signals.f0(on, SR, from, to) / Signals.f0(plain, SR, from, to)) / Math.log(2);
            assertThat(levelDb).as("token %d level", token).isCloseTo(10 * Math.log10(power), within(0.1));
            assertThat(semitones).as("token %d pitch", token).isCloseTo(pitch, within(0.03));
        }
        assertThat(maxAbsoluteDifference(on, plain)).isGreaterThan(0.01f);
    }

    private static float maxAbsoluteDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double meanAbsoluteDifference(float[][] a, float[][] b, int channel) {
        double sum = 0;
        for (int e = 0; e < a.length; e++) {
            sum += Math.abs(a[e][channel] - b[e][channel]);
        }
        return sum / a.length;
    }

    /** Exactly zero (either sign: silent tokens come out as -0.0 from a zero gain). */
    private static void assertSilent(float[] samples) {
        for (float v : samples) {
            assertThat(Math.abs(v)).isZero();
        }
    }

    /** f0 over [from, to) of the token, as fractions of its length. */
    private static double f0(float[] w, double from, double to) {
        return Signals.f0(w, SR, (int) (from * w.length), (int) (to * w.length));
    }

    /** f0 in five consecutive windows across a one-token waveform (pitch glides, so windows are short). */
    private static double[] contour(float[] w) {
        double[] f0 = new double[5];
        for (int k = 0; k < 5; k++) {
            f0[k] = f0(w, k / 5.0, (k + 1) / 5.0);
        }
        return f0;
    }

    @Test
    void toneContoursShapePitch() throws OrtException {
        double[] t1 = contour(Synth.run(synth, new Request("ma1")).row(0));
        double[] t2 = contour(Synth.run(synth, new Request("ma2")).row(0));
        double[] t3 = contour(Synth.run(synth, new Request("ma3")).row(0));
        double[] t4 = contour(Synth.run(synth, new Request("ma4")).row(0));
        assertThat(t2).as("tone 2 rises").isSorted();
        assertThat(t2[4] / t2[0]).as("tone 2 rises").isGreaterThan(1.1);
        assertThat(t4[4] / t4[0]).as("tone 4 falls").isLessThan(0.8);
        assertThat(t1[4] / t1[0]).as("tone 1 is level").isCloseTo(1.0, within(0.01));
        double mean1 = Arrays.stream(t1).average().orElseThrow();
        double mean3 = Arrays.stream(t3).average().orElseThrow();
        assertThat(mean1 / mean3).as("tone 1 above tone 3").isGreaterThan(1.3);
        assertThat(t3[1]).as("tone 3 dips").isLessThan(t3[0]).isLessThan(t3[4]);
    }

    @Test
    void emotionsMovePitchAndLoudness() throws OrtException {
        Request base = new Request("ma1");
        float[] neutral = Synth.run(synth, base).row(0);
        float[] happy = Synth.run(synth, base.withEmotion(Synth.emotion("happy", 1f))).row(0);
        float[] angry = Synth.run(synth, base.withEmotion(Synth.emotion("angry", 1f))).row(0);
        float[] sad = Synth.run(synth, base.withEmotion(Synth.emotion("sad", 1f))).row(0);
        double f0 = f0(neutral, 0.1, 0.9);
        assertThat(f0(happy, 0.1, 0.9) / f0).isGreaterThan(1.1);
        assertThat(f0(angry, 0.1, 0.9) / f0).isGreaterThan(1.1);
        assertThat(f0(sad, 0.1, 0.9) / f0).isLessThan(0.9);
        double level = Signals.rmsDbfs(neutral);
        assertThat(Signals.rmsDbfs(angry) - level).isGreaterThan(3);
        assertThat(Signals.rmsDbfs(sad) - level).isLessThan(-3);
    }

    @Test
    void speakerEmbeddingSetsPitchAndTimbre() throws OrtException {
        Request a = new Request("a1 a1").withSpeaker(Synth.speaker(1));
        Request b = a.withSpeaker(Synth.speaker(2));
        float[] wa = Synth.run(synth, a).row(0);
        float[] wb = Synth.run(synth, b).row(0);
        assertThat(Synth.run(synth, a).row(0)).isEqualTo(wa);
        double fa = f0(wa, 0.1, 0.4);
        double fb = f0(wb, 0.1, 0.4);
        assertThat(fa / fb).isNotCloseTo(1.0, within(0.05));
        // Timbre: the share of each of the first six harmonics differs between the two speakers.
        double[] pa = harmonicShares(wa, fa);
        double[] pb = harmonicShares(wb, fb);
        double difference = 0;
        for (int h = 0; h < pa.length; h++) {
            difference += Math.abs(pa[h] - pb[h]);
        }
        assertThat(difference).isGreaterThan(0.2);
    }

    /** Amplitudes at f0, 2 f0, ... 6 f0 (Hann-windowed DFT over the steady middle), summing to 1. */
    private static double[] harmonicShares(float[] w, double f0) {
        int from = w.length / 10;
        int to = w.length * 4 / 10;
        double[] shares = new double[6];
        double total = 0;
        for (int h = 0; h < shares.length; h++) {
            double re = 0;
            double im = 0;
            for (int i = from; i < to; i++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (to - from));
                double angle = 2 * Math.PI * (h + 1) * f0 * i / SR;
                re += hann * w[i] * Math.cos(angle);
                im += hann * w[i] * Math.sin(angle);
            }
            shares[h] = Math.hypot(re, im);
            total += shares[h];
        }
        for (int h = 0; h < shares.length; h++) {
            shares[h] /= total;
        }
        return shares;
    }

    @Test
    void pausesArePureSilenceAndNeutralToneIsShort() throws OrtException {
        float[] w = Synth.run(synth, new Request("a1 <sil> a5")).row(0);
        int token = 4410;
        assertSilent(Arrays.copyOfRange(w, token, 2 * token));
        assertThat(Signals.rmsDbfs(w, 0, token)).isGreaterThan(-30);
        assertThat(Signals.rmsDbfs(w, 2 * token, 2 * token + token / 2)).isGreaterThan(-30);
        assertSilent(Arrays.copyOfRange(w, 2 * token + (int) (0.6 * token), 3 * token));
    }

    @Test
    void amplitudeStaysWithinFullScaleAtExtremes() throws OrtException {
        float[] all = new float[8];
        Arrays.fill(all, 1.2f);
        for (long seed = 0; seed < 8; seed++) {
            float[] w = Synth.run(synth, new Request("a1 ma2 e3 zhuang4 yi5 7 q")
                    .withSpeaker(Synth.speaker(seed)).withEmotion(all).withScale(0.25f + seed * 0.5f)).row(0);
            for (float v : w) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(1f);
            }
        }
    }
}
