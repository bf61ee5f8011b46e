package org.ttsaudit.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner against the one-pattern masker it replaced, on random text built from the characters
 * and pieces that decide where a candidate starts and ends: both must mask the same spans the same
 * way and count the same kinds.
 */
class MaskerAgreementTest {
    private static final String CHARS = "0123456789012345678901234567890123456789 -+().:@_%aAbeEfFgGxXzZiIoO汉，１＠：　";
    private static final String[] PIECES = {"86", "0086", "+86", "(+86)", "(86)", "(010)", "(0755)", "010", "0755", "138",
        "1234", "5678", "9", "0", "X", "x", " ", "-", "--", "@", "user", "a.b", "example", ".com", ".c", ".cn", ".", "..",
        "::", ":", "fe80", "2001", "db8", "192", "168", "255", "256", "01", "E", "G", "e", "EA", "EI", "g1234567",
        "12345678", "110105", "1949", "1231", "002X", "4111111111111111", "6222", "汉字", "，", "：", "１３８", "＋８６",
        "＠", "HANG2", "XING2", "A"};

    private final Masker scanner = new Masker();
    private final OnePatternMasker pattern = new OnePatternMasker();

    @Test
    void shouldMaskExactlyWhatTheOnePatternMaskerMasksOnRandomCharacters() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            assertAgree(text.toString());
        }
    }

    @Test
    void shouldMaskExactlyWhatTheOnePatternMaskerMasksOnRandomPieces() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int k = 0; k < pieces; k++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            assertAgree(text.toString());
        }
    }

    private void assertAgree(String text) {
        Map<String, Integer> ours = Masker.newCounts();
        Map<String, Integer> theirs = Masker.newCounts();
        String masked = scanner.mask(text, ours);
        assertThat(masked).as(text).isEqualTo(pattern.mask(text, theirs));
        assertThat(ours).as(text).isEqualTo(theirs);
    }
}
