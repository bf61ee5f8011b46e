package org.ttsaudit.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

class TokenizerTest {
    private static List<String> vocab;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void readVocabulary() {
        ModelCard card = OnnxModel.readCard("classpath:/models/synth.json");
        vocab = new ArrayList<>();
        card.raw().get("vocab").forEach(t -> vocab.add(t.asText()));
        tokenizer = Tokenizer.fromCard(card);
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "你好        | -               | ni3 hao3",
        "行长        | hang2 zhang3    | hang2 zhang3",
        "行长        | * zhang3        | xing2 zhang3",
        "长行        | zhang3          | zhang3 xing2",
        "行长        | HANG2,ZHANG3    | hang2 zhang3",
        "绿          | lü4             | lv4",
        "绿          | lu:4            | lv4",
        "银HANG2     | -               | yin2 hang2",
        "A4          | -               | a 4",
        "PS5         | -               | p s 5",
        "QZX3        | -               | q z x 3",
        "xHANG2      | -               | x h a n g 2",
        "你好，世界  | -               | ni3 hao3 <sil> shi4 jie4",
        "，你好，， 。！世界!!… | -     | ni3 hao3 <sil> shi4 jie4",
        "你好。。。  | -               | ni3 hao3",
    })
    void shouldReadTextIntoVocabularyTokens(String text, String pinyin, String expected) throws RequestException {
        assertThat(tokenizer.tokenize(text, pinyin)).containsExactly(ids(expected));
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "你好       | nii3 hao3     | UNKNOWN_PINYIN",
        "你好       | ni hao3       | UNKNOWN_PINYIN",
        "你好       | ni6 hao3      | UNKNOWN_PINYIN",
        "你好       | ni3 hao3 ma5  | PINYIN_MISMATCH",
        "A你好      | * * *         | PINYIN_MISMATCH",
        "，。！？   | -             | TEXT_UNSPEAKABLE",
        "……——     | -             | TEXT_UNSPEAKABLE",
        "😀 😀      | -             | TEXT_UNSPEAKABLE",
    })
    void shouldRejectUnreadableInputWithItsCode(String text, String pinyin, ErrorCode expected) {
        assertThatThrownBy(() -> tokenizer.tokenize(text, pinyin))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nii3 hao3                   | pinyin syllable 1 'nii3' is not a Mandarin syllable",
        "ni3 6222021001123456789     | pinyin syllable 2 is not a Mandarin syllable",
        "ni3 zhang.san1984@example.com | pinyin syllable 2 is not a Mandarin syllable",
    })
    void shouldQuoteAnUnknownSyllableOnlyWhenItLooksLikeAnAttemptAtOne(String pinyin, String message) {
        assertThatThrownBy(() -> tokenizer.tokenize("你好", pinyin)).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ","})
    void shouldTreatABlankPinyinFieldAsNoOverrides(String pinyin) throws RequestException {
        assertThat(tokenizer.tokenize("你好", pinyin)).containsExactly(tokenizer.tokenize("你好", null));
    }

    @Test
    void shouldNeverEmitTwoPausesInARowOrAPauseAtEitherEnd() throws RequestException {
        long pause = vocab.indexOf("<sil>");
        long[] tokens = tokenizer.tokenize("  ——“你好”，\t（世界）！？ ok… ", null);

        assertThat(tokens[0]).isNotEqualTo(pause);
        assertThat(tokens[tokens.length - 1]).isNotEqualTo(pause);
        for (int i = 1; i < tokens.length; i++) {
            assertThat(tokens[i] == pause && tokens[i - 1] == pause).as("pause pair at %d", i).isFalse();
        }
        assertThat(Arrays.stream(tokens).filter(t -> t == pause).count()).isEqualTo(2);
    }

    @Test
    void shouldReadEnglishWordsOneTokenPerSyllableAndSpellAcronymsAndCodes() throws RequestException {
        assertThat(tokenizer.tokenize("hello", null)).containsExactly(ids("e o"));
        assertThat(tokenizer.tokenize("make", null)).as("silent final e").containsExactly(ids("a"));
        assertThat(tokenizer.tokenize("the", null)).containsExactly(ids("e"));
        assertThat(tokenizer.tokenize("table", null)).containsExactly(ids("a e"));
        assertThat(tokenizer.tokenize("NASA", null)).containsExactly(ids("n a s a"));
        assertThat(tokenizer.tokenize("mp3", null)).containsExactly(ids("m p 3"));
    }

    /** 150 words a minute is 400 ms a word; the bundled synthesizer speaks a token in 200 ms. */
    @Test
    void shouldReadAnEnglishSentenceWithinAFactorOfTwoOfTheSpeedOfSpeech() throws RequestException {
        String sentence = "The quick brown fox jumps over the lazy dog, and then it runs back to the old farm house.";
        int words = sentence.split("\\s+").length;

        double minutes = tokenizer.tokenize(sentence, null).length * 0.2 / 60;

        assertThat(words / minutes).as("words a minute").isBetween(75.0, 300.0);
    }

    /** Vocabulary ids of space-separated tokens, looked up in the card itself. */
    private static long[] ids(String tokens) {
        return Arrays.stream(tokens.trim().split("\\s+")).mapToLong(t -> {
            int id = vocab.indexOf(t);
            assertThat(id).as("vocabulary has %s", t).isNotNegative();
            return id;
        }).toArray();
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "你好 Bob    | -            | ni3 hao3 Bob",
        "行长，好    | hang2 * *    | hang2 zhang3 ， hao3",
        "Bob        | -            | Bob",
    })
    void romanizesHanCharactersAndLeavesTheRest(String text, String pinyin, String expected) throws RequestException {
        assertThat(tokenizer.romanize(text, pinyin)).isEqualTo(expected);
    }

    @Test
    void romanizingChecksPinyinAsTokenizingDoes() {
        assertThatThrownBy(() -> tokenizer.romanize("你好", "ni3 hao3 ma5")).isInstanceOf(RequestException.class)
                .extracting(e -> ((RequestException) e).code()).isEqualTo(ErrorCode.PINYIN_MISMATCH);
    }
}
