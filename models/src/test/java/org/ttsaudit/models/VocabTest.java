package org.ttsaudit.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabTest {
    private final List<String> vocab = Vocab.tokens();

    @Test
    void startsWithPadAndPauseThenLettersAndDigits() {
        assertThat(vocab.subList(0, 4)).containsExactly("<pad>", "<sil>", "a", "b");
        assertThat(vocab.subList(28, 38)).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void holdsEveryToneOfEverySyllableOnce() {
        assertThat(vocab).contains("ni3", "hao3", "lv4", "zhuang1", "er2", "nve4", "lve4", "ma5", "yo1", "hng5",
                "shei2", "zhei4", "den4", "chua1", "kei1", "rua2", "jiong3", "m2", "ng2");
        assertThat(new HashSet<>(vocab)).hasSameSizeAs(vocab);
        assertThat(Vocab.SYLLABLES).hasSize(417);
        assertThat(vocab).hasSize(2 + 26 + 10 + 5 * 417);
        assertThat(vocab).allMatch(t -> t.matches("<pad>|<sil>|[a-z0-9]|[a-z]+[1-5]"));
    }

    @Test
    void rejectsNonSyllables() {
        assertThat(vocab).doesNotContain("lu:4", "lü4", "ni6", "ni0", "ni", "bu2ng", "fiao4", "qui2");
    }

    @Test
    void tonesAndVowels() {
        assertThat(Vocab.tone("zhuang1")).isEqualTo(1);
        assertThat(Vocab.tone("ma5")).isEqualTo(5);
        assertThat(Vocab.tone("5")).isZero();
        assertThat(Vocab.tone("<sil>")).isZero();
        assertThat(Vocab.nucleus("xue")).isEqualTo('e');
        assertThat(Vocab.nucleus("qun")).isEqualTo('v');
        assertThat(Vocab.nucleus("lv")).isEqualTo('v');
        assertThat(Vocab.nucleus("hng")).isEqualTo('n');
    }
}
