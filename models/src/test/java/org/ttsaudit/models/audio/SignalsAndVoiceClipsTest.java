package org.ttsaudit.models.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsAndVoiceClipsTest {
    private static float[] sine(double hz, double amplitude, int n, int sampleRate) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return x;
    }

    @Test
    void measuresPitchOfTonesAndNothingInNoise() {
        for (double hz : new double[] {95, 180.5, 310, 640}) {
            assertThat(Signals.f0(sine(hz, 0.5, 2048, 22050), 22050)).isCloseTo(hz, within(hz * 0.003));
        }
        float[] noise = new float[4096];
        Random r = new Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        assertThat(Signals.f0(noise, 22050)).isZero();
        assertThat(Signals.f0(new float[4096], 22050)).isZero();
    }

    @Test
    void measuresLevelAndDuration() {
        assertThat(Signals.rmsDbfs(sine(440, 1.0, 22050, 22050))).isCloseTo(-3.01, within(0.01));
        assertThat(Signals.rmsDbfs(sine(440, 0.1, 22050, 22050))).isCloseTo(-23.01, within(0.01));
        assertThat(Signals.rmsDbfs(new float[100])).isEqualTo(-120);
        assertThat(Signals.seconds(33075, 22050)).isEqualTo(1.5);
    }

    @Test
    void voicesAreDeterministicAndDifferBySeed() {
        assertThat(VoiceClips.voice(42, 1.0, 22050)).isEqualTo(VoiceClips.voice(42, 1.0, 22050)).hasSize(22050);
        double[] f0 = new double[12];
        for (int seed = 0; seed < f0.length; seed++) {
            float[] v = VoiceClips.voice(seed, 1.0, 22050);
            f0[seed] = Signals.f0(v, 22050, 4000, 6048);
            assertThat(f0[seed]).as("seed %d", seed).isBetween(85.0, 310.0);
            assertThat(Signals.rmsDbfs(v)).isBetween(-30.0, -6.0);
            for (float s : v) {
                assertThat(Math.abs(s)).isLessThanOrEqualTo(0.7f);
            }
        }
        assertThat(java.util.Arrays.stream(f0).max().orElseThrow() / java.util.Arrays.stream(f0).min().orElseThrow())
                .isGreaterThan(1.5);
    }

    @Test
    void writesVoicesAsWavFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("voice.wav");
        VoiceClips.write(file, 7, 0.5, 16000);
        Wav.Decoded d = Wav.decode(Files.readAllBytes(file));
        assertThat(d.sampleRate()).isEqualTo(16000);
        assertThat(d.samples()).hasSize(8000);
        assertThat(Files.readAllBytes(file)).isEqualTo(VoiceClips.wav(7, 0.5, 16000));
    }
}
