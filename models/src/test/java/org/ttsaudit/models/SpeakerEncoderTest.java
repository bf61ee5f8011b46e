package org.ttsaudit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.models.audio.VoiceClips;

class SpeakerEncoderTest {
    private static OrtSession encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = Synth.session("speaker_encoder.onnx");
    }

    @AfterAll
    static void close() throws OrtException {
        encoder.close();
    }

    private static float[] clip(long seed) {
        return VoiceClips.voice(seed, 3.0, Synth.SR);
    }

    @Test
    void sameClipGivesTheSameUnitEmbedding() throws OrtException {
        float[] e = Synth.embed(encoder, clip(3));
        assertThat(e).hasSize(64);
        assertThat(Synth.embed(encoder, clip(3))).isEqualTo(e);
        double norm = 0;
        for (float v : e) {
            norm += v * v;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void differentVoicesAreFarApartAndExcerptsOfOneVoiceClose() throws OrtException {
        double sameMax = 0;
        double differentMin = 2;
        for (long a = 1; a <= 4; a++) {
            float[] clip = clip(a);
            float[] first = Synth.embed(encoder, Arrays.copyOfRange(clip, 0, Synth.SR));
            float[] last = Synth.embed(encoder, Arrays.copyOfRange(clip, Synth.SR * 3 / 2, Synth.SR * 3));
            sameMax = Math.max(sameMax, Synth.cosineDistance(first, last));
            for (long b = a + 1; b <= 4; b++) {
                differentMin = Math.min(differentMin, Synth.cosineDistance(first, Synth.embed(encoder, clip(b))));
            }
        }
        assertThat(differentMin).isGreaterThan(0.1).isGreaterThan(10 * sameMax);
    }

    @Test
    void recordingLevelDoesNotMatter() throws OrtException {
        float[] loud = clip(5);
        float[] quiet = loud.clone();
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] *= 0.1f;
        }
        assertThat(Synth.cosineDistance(Synth.embed(encoder, loud), Synth.embed(encoder, quiet))).isLessThan(1e-3);
    }

    @Test
    void acceptsTheMinimumLength() throws OrtException {
        float[] e = Synth.embed(encoder, Arrays.copyOf(clip(6), SpeakerEncoderModel.MIN_SAMPLES));
        for (float v : e) {
            assertThat(v).isFinite();
        }
    }
}
