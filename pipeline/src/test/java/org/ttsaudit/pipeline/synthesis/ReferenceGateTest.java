package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * The defaults of refaudio.min-duration-ms and refaudio.min-snr-db against the test voices: these
 * figures are the ones ReferenceGate's and TtsOptions' comments and the README quote.
 */
class ReferenceGateTest {
    private static final int RATE = 22050;
    private static final ReferenceGate DEFAULTS = new ReferenceGate(3000, 20.0);

    private static ReferenceQuality quality(float[] clip) {
        return ReferenceQuality.measure(clip, RATE);
    }

    /** Prints the estimate's range over the ten voices per noise level: the README's table. */
    @Test
    void printsTheEstimatesTheReadmeQuotes() {
        StringBuilder sb = new StringBuilder("ref_audio_snr_db over voices 1000..1009 (4 s):");
        for (double added : new double[] {Double.NaN, 20, 15, 13}) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (long seed = 1000; seed < 1010; seed++) {
                float[] clip = Double.isNaN(added) ? VoiceClips.speech(seed, 4.0, RATE) : VoiceClips.noisySpeech(seed, 4.0, RATE, added);
                double snr = quality(clip).snrDb();
                min = Math.min(min, snr);
                max = Math.max(max, snr);
            }
            sb.append(String.format(" %s: %.1f..%.1f;", Double.isNaN(added) ? "clean" : added + " dB", min, max));
            assertThat(max).isGreaterThan(min);
        }
        System.out.println(sb);
    }

    @Test
    void cleanTestVoicesReadAbout50DbAndPass() throws Exception {
        for (long seed = 1000; seed < 1010; seed++) {
            ReferenceQuality q = quality(VoiceClips.speech(seed, 4.0, RATE));
            assertThat(q.snrDb()).as("seed %d", seed).isBetween(46.0, 54.0);
            DEFAULTS.check(q, 500);
        }
    }

    @Test
    void theDefaultAcceptsNoiseAt20DbAndRejectsItAt15DbAndBelow() throws Exception {
        for (long seed = 1000; seed < 1010; seed++) {
            ReferenceQuality at20 = quality(VoiceClips.noisySpeech(seed, 4.0, RATE, 20));
            ReferenceQuality at15 = quality(VoiceClips.noisySpeech(seed, 4.0, RATE, 15));
            ReferenceQuality at13 = quality(VoiceClips.noisySpeech(seed, 4.0, RATE, 13));
            assertThat(at20.snrDb()).as("seed %d at 20 dB", seed).isBetween(22.0, 25.0);
            assertThat(at15.snrDb()).as("seed %d at 15 dB", seed).isBetween(17.0, 20.0);
            assertThat(at13.snrDb()).as("seed %d at 13 dB", seed).isBetween(15.0, 18.0);
            DEFAULTS.check(at20, 500);
            for (ReferenceQuality noisy : new ReferenceQuality[] {at15, at13}) {
                assertThatThrownBy(() -> DEFAULTS.check(noisy, 500)).isInstanceOf(RequestException.class)
                        .satisfies(e -> assertThat(((RequestException) e).code()).isEqualTo(ErrorCode.REF_AUDIO_NOISY))
                        .hasMessageContaining("noisy").hasMessageContaining("quiet room");
            }
        }
    }

    /** The original design's support case: a 1.0 s clip at 13 dB SNR. */
    @Test
    void rejectsTheOneSecondNoisyClipAsTooShortFirst() {
        ReferenceQuality q = quality(VoiceClips.noisySpeech(7, 1.0, RATE, 13));
        assertThatThrownBy(() -> DEFAULTS.check(q, 500))
                .satisfies(e -> assertThat(((RequestException) e).code()).isEqualTo(ErrorCode.REF_AUDIO_TOO_SHORT))
                .hasMessageContaining("1000 ms").hasMessageContaining("at least 3000 ms").hasMessageContaining("5 s or more");
    }

    @Test
    void bothThresholdsAreSettingsAndTheEncodersMinimumStillHolds() {
        ReferenceQuality oneSecondNoisy = quality(VoiceClips.noisySpeech(7, 1.0, RATE, 13));
        assertThatCode(() -> new ReferenceGate(1000, 10.0).check(oneSecondNoisy, 500)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ReferenceGate(0, 10.0).check(oneSecondNoisy, 1500))
                .satisfies(e -> assertThat(((RequestException) e).code()).isEqualTo(ErrorCode.REF_AUDIO_TOO_SHORT))
                .hasMessageContaining("at least 1500 ms");
    }
}
