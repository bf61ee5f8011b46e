package org.ttsaudit.pipeline.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.models.audio.Signals;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.security.RefVault;

class ExplicitLabelTest {
    private static final int RATE = 22050;
    private static final float[] SPEECH = VoiceClips.speech(3, 2.0, RATE);

    /**
     * On and off runs of the rhythm in ms, read from 5 ms frames' levels (what a listener hears),
     * to the nearest 50 ms: a frame across a ramp reads either way.
     */
    private static List<Long> runsMs(float[] x, int from, int to) {
        int frame = RATE / 200;
        List<Long> runs = new ArrayList<>();
        boolean on = true;
        int runStart = from;
        for (int f = from; f + frame <= to; f += frame) {
            boolean loud = Signals.rmsDbfs(x, f, f + frame) > -40;
            if (loud != on) {
                runs.add(Math.round((f - runStart) * 1000.0 / RATE / 50) * 50);
                on = loud;
                runStart = f;
            }
        }
        runs.add(Math.round((to - runStart) * 1000.0 / RATE / 50) * 50);
        return runs;
    }

    @Test
    void theCueIsShortLongShortShortAtOneKilohertzBeforeTheSpeech() {
        float[] labelled = ExplicitLabel.START.apply(SPEECH, RATE);
        int rhythm = (int) Math.round(1.1 * RATE);
        int gap = (int) Math.round(0.3 * RATE);

        assertThat(labelled).hasSize(rhythm + gap + SPEECH.length);
        // tone 100, off 100, tone 300, off 300, tone 100, off 100, tone 100 (ms)
        assertThat(runsMs(labelled, 0, rhythm)).containsExactly(100L, 100L, 300L, 300L, 100L, 100L, 100L);
        assertThat(Signals.rmsDbfs(labelled, rhythm, rhythm + gap)).isLessThan(-90);
        int crossings = 0;
        for (int i = 1; i < RATE / 10; i++) {
            crossings += (labelled[i - 1] < 0) != (labelled[i] < 0) ? 1 : 0;
        }
        assertThat(crossings).as("a 1 kHz tone crosses zero 200 times in 100 ms").isBetween(196, 202);
        float peak = 0;
        for (int i = 0; i < rhythm; i++) {
            peak = Math.max(peak, Math.abs(labelled[i]));
        }
        assertThat(peak).isCloseTo(0.25f, within(0.01f));
        for (int i = 0; i < SPEECH.length; i++) {
            assertThat(labelled[rhythm + gap + i]).isEqualTo(SPEECH[i]);
        }
        // 5 ms ramps: no click at a tone's edges
        assertThat(Math.abs(labelled[0])).isLessThan(0.01f);
        assertThat(Math.abs(labelled[RATE / 10 - 1])).isLessThan(0.01f);
    }

    @Test
    void atTheEndTheSpeechComesFirstAndNoneLeavesItAlone() {
        float[] labelled = ExplicitLabel.END.apply(SPEECH, RATE);
        int rhythm = (int) Math.round(1.1 * RATE);

        for (int i = 0; i < SPEECH.length; i++) {
            assertThat(labelled[i]).isEqualTo(SPEECH[i]);
        }
        assertThat(runsMs(labelled, labelled.length - rhythm, labelled.length))
                .containsExactly(100L, 100L, 300L, 300L, 100L, 100L, 100L);
        assertThat(ExplicitLabel.NONE.apply(SPEECH, RATE)).isSameAs(SPEECH);
    }

    @Test
    void theSettingNamesItsValuesWhenWrong() {
        assertThat(ExplicitLabel.parse(" Start ")).isEqualTo(ExplicitLabel.START);
        assertThat(ExplicitLabel.parse("end").value()).isEqualTo("end");
        assertThatThrownBy(() -> ExplicitLabel.parse("both")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels.explicit must be one of none, start, end; got 'both'");
    }

    /** The stored clip: cue, then the watermark over all of it, then the signed label over the marked samples. */
    @Test
    void theStoredClipCarriesTheCueTheWatermarkAndAVerifiedLabel(@TempDir Path dir) throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_KEY_FILE, Files.writeString(dir.resolve("k"),
                Base64.getEncoder().encodeToString(RefVault.newKey())).toString());
        config.set(TtsOptions.LABEL_EXPLICIT, "start");
        ProvenanceLabel labels = ProvenanceLabel.source(config).open();
        float[] speech = VoiceClips.voice(4, 4.0, RATE);

        byte[] clip = labels.clip(speech, RATE, "req-cue-1", Instant.parse("2026-03-01T10:15:00Z"));

        assertThat(labels.explicit()).isEqualTo(ExplicitLabel.START);
        float[] stored = Wav.decode(clip).samples();
        assertThat(stored).hasSize((int) Math.round(1.4 * RATE) + speech.length);
        assertThat(runsMs(stored, 0, (int) Math.round(1.1 * RATE))).containsExactly(100L, 100L, 300L, 300L, 100L, 100L, 100L);
        assertThat(labels.verify(clip).outcome()).isEqualTo(ProvenanceLabel.Outcome.VERIFIED);
        assertThat(labels.detect(stored, RATE)).isPresent();
    }
}
