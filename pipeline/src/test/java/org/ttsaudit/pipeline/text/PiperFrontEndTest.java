package org.ttsaudit.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/** The synthetic Piper voice's front end with the real espeak-ng library (Debian's libespeak-ng1, 1.51 here); its Mandarin voice applies third-tone sandhi (ni3 hao3 -> ni2). */
class PiperFrontEndTest {
    private static ModelCard card;
    private static PiperFrontEnd frontEnd;

    @BeforeAll
    static void load() throws Exception {
        card = OnnxModel.readCard("classpath:/models/piper-synthetic.onnx");
        frontEnd = new PiperFrontEnd(card, EspeakNg.load());
    }

    private static long id(String symbol) {
        return card.raw().get("phoneme_id_map").get(symbol).get(0).asLong();
    }

    @Test
    void englishIsReadByTheVoicesEspeakVoiceWithItsClausePunctuation() throws Exception {
        assertThat(frontEnd.phonemes("Hello, world.", null)).isEqualTo("həlˈoʊ, wˈɜːld.");
    }

    @Test
    void idsArePipersLayoutBosPadThenEachPhonemeAndAPadThenEos() throws Exception {
        long[] ids = frontEnd.ids("Hi", null);
        String phonemes = frontEnd.phonemes("Hi", null);
        assertThat(phonemes).isEqualTo("hˈaɪ");
        long[] expected = {id("^"), id("_"), id("h"), id("_"), id("ˈ"), id("_"), id("a"), id("_"), id("ɪ"), id("_"), id("$")};
        assertThat(ids).containsExactly(expected);
    }

    @Test
    void hanTextGoesThroughOurPinyinAndEspeaksPinyinVoice() throws Exception {
        assertThat(frontEnd.phonemes("你好，世界。", null)).isEqualTo("nˈi2 χˈɑu2, s.ˈi.5 tɕˈiɛ5.");
        assertThat(frontEnd.phonemes("行长", null)).isEqualTo("ɕˈiɜŋ ts.ˈa2ŋ");
        assertThat(frontEnd.phonemes("行长", "hang2 zhang3")).isEqualTo("χˈaɜŋ ts.ˈa2ŋ");
    }

    @Test
    void aTextWithoutAPhonemeTheVoiceKnowsIsUnspeakable() {
        assertThatThrownBy(() -> frontEnd.ids("…", null)).isInstanceOf(RequestException.class)
                .extracting(e -> ((RequestException) e).code()).isEqualTo(ErrorCode.TEXT_UNSPEAKABLE);
    }

    @Test
    void phonemesTheMapLacksAreSkipped() throws Exception {
        long[] ids = frontEnd.ids("h\u4DC0");
        assertThat(ids).containsExactly(id("^"), id("_"), id("h"), id("_"), id("$"));
        assertThat(Arrays.stream(ids).filter(i -> i == id("_")).count()).isEqualTo(2);
    }
}
