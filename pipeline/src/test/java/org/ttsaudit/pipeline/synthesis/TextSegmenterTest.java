package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.text.Reading;
import org.ttsaudit.pipeline.text.Tokenizer;

/** The segmenter on readings of the bundled synthesizer's tokenizer: one token per Han character or letter. */
class TextSegmenterTest {
    private static Tokenizer tokenizer;

    @BeforeAll
    static void readVocabulary() {
        tokenizer = Tokenizer.fromCard(OnnxModel.readCard(TtsOptions.MODEL_SYNTH.defaultValue()));
    }

    @Test
    void shouldKeepATextThatFitsInOneSegment() throws Exception {
        assertThat(lengths("今天天气很好。我们去公园散步吧！", 15)).containsExactly(15);
    }

    @Test
    void shouldPackWholeSentencesAndLeaveThePauseAtACutOut() throws Exception {
        // 6 + pause + 8 + pause + 2 tokens.
        String text = "今天天气很好。我们去公园散步吧！好的。";
        assertThat(lengths(text, 10)).containsExactly(6, 8, 2);
        assertThat(lengths(text, 11)).containsExactly(6, 8 + 1 + 2);
        assertThat(lengths(text, 15)).containsExactly(6 + 1 + 8, 2);
    }

    @Test
    void shouldCutASentenceTooLongAtItsClausesBeforeItsSpaces() throws Exception {
        // One sentence of clauses 6, 8 and 4 tokens; the second clause has a space in it (3 + 5).
        String text = "今天天气很好，我们去 公园散步吧，然后回家。";
        assertThat(lengths(text, 13)).containsExactly(6, 9, 4);
        assertThat(lengths(text, 14)).containsExactly(6, 9 + 1 + 4);
        assertThat(lengths(text, 8)).containsExactly(6, 3, 5, 4);
    }

    @Test
    void shouldCutAnEnglishSentenceAtItsWords() throws Exception {
        // One token per syllable: international (5), cooperation (4), matters (2).
        assertThat(lengths("international cooperation matters", 8)).containsExactly(5, 4 + 1 + 2);
        assertThat(lengths("international cooperation matters", 10)).containsExactly(5 + 1 + 4, 2);
    }

    @Test
    void shouldCutARunWithoutAnyPauseAnywhere() throws Exception {
        assertThat(lengths("一二三四五六七八九十一二三四五六七八九十", 8)).containsExactly(8, 8, 4);
    }

    @Test
    void shouldKeepEveryTokenInOrderBesidesThePausesAtCuts() throws Exception {
        Reading reading = tokenizer.read("今天天气很好，我们去 公园散步吧，然后回家。再见！谢谢你们的帮助。", null);
        List<long[]> segments = new TextSegmenter(7).split(reading.tokens(), reading.breaks());

        long pause = reading.tokens()[6];
        long[] joined = segments.stream().reduce((a, b) -> concat(a, new long[] {pause}, b)).orElseThrow();
        assertThat(joined).containsExactly(reading.tokens());
        assertThat(segments).allSatisfy(s -> assertThat(s.length).isBetween(1, 7));
    }

    @Test
    void shouldRefuseASegmentLengthBelowOne() {
        assertThatThrownBy(() -> new TextSegmenter(0)).hasMessageContaining("inference.max-segment-tokens");
    }

    private static int[] lengths(String text, int maxTokens) throws Exception {
        Reading reading = tokenizer.read(text, null);
        return new TextSegmenter(maxTokens).split(reading.tokens(), reading.breaks()).stream().mapToInt(s -> s.length).toArray();
    }

    private static long[] concat(long[] a, long[] b, long[] c) {
        long[] out = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
