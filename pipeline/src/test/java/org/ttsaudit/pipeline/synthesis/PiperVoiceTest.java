package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.inference.onnx.Device;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Signals;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.EspeakNg;
import org.ttsaudit.pipeline.text.PiperFrontEnd;

/** The synthetic Piper voice in a real ONNX Runtime session, fed by the real espeak-ng. */
class PiperVoiceTest {
    /** The synthetic voice's samples per phoneme id at length scale 1 (PiperSyntheticModel). */
    private static final int SAMPLES_PER_ID = 882;
    private static PiperVoice voice;

    @BeforeAll
    static void load() throws Exception {
        OnnxModel model = OnnxModel.load("classpath:/models/piper-synthetic.onnx", Device.CPU, 1);
        voice = new PiperVoice(model, new PiperFrontEnd(model.card(), EspeakNg.load()));
    }

    @AfterAll
    static void close() throws Exception {
        voice.close();
    }

    private static TtsRequest request(String text) {
        TtsRequest r = new TtsRequest();
        r.text = text;
        return r;
    }

    private static SynthesisInput row(long[] ids, float scale) {
        return new SynthesisInput(ids, new float[64], new float[8], scale);
    }

    @Test
    void eachRowIsItsOwnCallWithTheDurationScaleOnLengthScale() throws Exception {
        long[] hello = voice.read(request("Hello, world.")).tokens();
        long[] hi = voice.read(request("Hi")).tokens();
        assertThat(voice.maxRowsPerCall()).isEqualTo(1);

        Waveforms out = voice.synthesize(List.of(row(hello, 1f), row(hi, 1.5f)));

        assertThat(out.clip(0)).hasSize(hello.length * SAMPLES_PER_ID);
        assertThat(out.clip(1)).hasSize((int) Math.floor(hi.length * (1.5 * SAMPLES_PER_ID)));
        assertThat(voice.msPerToken() * hello.length).isEqualTo(out.clip(0).length * 1000.0 / 22050);
    }

    @Test
    void theDefaultSpeakerOfAMultiSpeakerVoiceIsUsed() throws Exception {
        // Speaker 0 of the synthetic voice speaks id k at 110 + 6k Hz; speaker 1 at 1.5 times that.
        long[] ids = new long[40];
        java.util.Arrays.fill(ids, 20);
        float[] clip = voice.synthesize(List.of(row(ids, 1f))).clip(0);
        assertThat(Signals.f0(clip, 22050)).isBetween(225.0, 235.0);
    }

    @Test
    void theAuditRowSaysWhatTheVoiceDidNotApply() {
        TtsRequest plain = request("Hi");
        assertThat(voice.conditioningIgnored(plain)).isEqualTo("ref_audio_timbre");
        TtsRequest angry = request("Hi");
        angry.emotionDesc = "angrily";
        assertThat(voice.conditioningIgnored(angry)).isEqualTo("ref_audio_timbre,emotion");
        assertThat(voice.format()).isEqualTo("piper");
    }
}
