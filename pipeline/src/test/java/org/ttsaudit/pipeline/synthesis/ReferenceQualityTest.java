package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceQualityTest {
    private static final int RATE = 22050;

    /** One second of a 200 Hz tone at amplitude 0.5, then one second of the given noise level. */
    private static float[] toneThenNoise(double noiseAmplitude) {
        Random random = new Random(3);
        float[] x = new float[2 * RATE];
        for (int i = 0; i < x.length; i++) {
            double noise = noiseAmplitude * (random.nextDouble() * 2 - 1);
            x[i] = (float) ((i < RATE ? 0.5 * Math.sin(2 * Math.PI * 200 * i / RATE) : 0) + noise);
        }
        return x;
    }

    @Test
    void snrFallsAsTheNoiseInThePausesRises() {
        double quiet = ReferenceQuality.measure(toneThenNoise(0.001), RATE).snrDb();
        double noisy = ReferenceQuality.measure(toneThenNoise(0.05), RATE).snrDb();
        // tone RMS 0.354 vs uniform noise RMS a/sqrt(3): about 55 dB and 22 dB
        assertThat(quiet).isBetween(50.0, 60.0);
        assertThat(noisy).isBetween(19.0, 25.0);
    }

    @Test
    void measuresLengthLevelAndTheClippedShare() {
        float[] x = toneThenNoise(0);
        for (int i = 0; i < RATE / 10; i++) {
            x[i] = 1f;
        }
        ReferenceQuality q = ReferenceQuality.measure(x, RATE);
        assertThat(q.durationMs()).isEqualTo(2000);
        assertThat(q.clippedFraction()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.001));
        assertThat(q.rmsDbfs()).isBetween(-12.0, -5.0);
    }
}
