package org.ttsaudit.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskerTest {
    private static final int[] GB11643_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String GB11643_CHECK = "10X98765432";

    private final Masker masker = new Masker();
    private final Map<String, Integer> counts = Masker.newCounts();

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "+8613812345678", "+86 138 1234 5678", "86-138-1234-5678",
            "138 1234 5678", "138-1234-5678"})
    void shouldMaskAMobileNumberInAnyCommonFormatKeepingTheLastFour(String phone) {
        String masked = masker.mask("请拨" + phone + "联系", counts);

        assertThat(masked).matches("请拨\\*+5678联系");
        assertThat(counts).containsExactly(Map.entry("mobile", 1));
    }

    @Test
    void shouldMaskAPlainMobileNumberCharacterForCharacter() {
        assertThat(masker.mask("tel 13812345678.", counts)).isEqualTo("tel *******5678.");
    }

    @Test
    void shouldMaskAResidentIdOnlyWhenItsCheckCharacterIsRight() {
        String first17 = "11010519900307123";
        char right = gb11643Check(first17);
        char wrong = wrongCheckThatIsNotALuhnNumber(first17, right);
        String valid = first17 + right;
        String invalid = first17 + wrong;

        String masked = masker.mask("身份证" + valid + "。", counts);
        String untouched = masker.mask("身份证" + invalid + "。", counts);

        assertThat(masked).isEqualTo("身份证" + "*".repeat(14) + valid.substring(14) + "。");
        assertThat(untouched).isEqualTo("身份证" + invalid + "。");
        assertThat(counts).containsExactly(Map.entry("resident_id", 1));
    }

    @Test
    void shouldMaskAResidentIdWhoseCheckCharacterIsX() {
        String id = null;
        for (int seq = 100; id == null; seq++) {
            String first17 = "44030619850815" + seq;
            if (gb11643Check(first17) == 'X') {
                id = first17 + 'X';
            }
        }

        assertThat(masker.mask(id, counts)).isEqualTo("*".repeat(14) + id.substring(14)).endsWith("X");
        assertThat(counts).containsExactly(Map.entry("resident_id", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-"})
    void shouldMaskACardNumberOnlyWhenItPassesLuhn(String separator) {
        String payload = "622202100112345";
        int check = luhnCheckDigit(payload);
        String card = payload + check;
        String notACard = payload + (check + 1) % 10;
        String grouped = card.replaceAll("(\\d{4})(?=\\d)", "$1" + separator);

        assertThat(masker.mask("卡号" + grouped + "，", counts)).isEqualTo("卡号" + "*".repeat(12) + card.substring(12) + "，");
        assertThat(masker.mask("卡号" + notACard + "，", counts)).isEqualTo("卡号" + notACard + "，");
        assertThat(counts).containsExactly(Map.entry("bank_card", 1));
    }

    @Test
    void shouldMaskAnEmailAddressKeepingTheFirstCharacterAndTheDomain() {
        assertThat(masker.mask("邮箱zhang.san+tts@mail.example.com。", counts))
                .isEqualTo("邮箱z***@mail.example.com。");
        assertThat(counts).containsExactly(Map.entry("email", 1));
    }

    @Test
    void shouldCountMaskedItemsPerKindAcrossCalls() {
        String card = "622202100112345" + luhnCheckDigit("622202100112345");

        masker.mask("a 13812345678, b 13998765432, c@example.org", counts);
        masker.mask("card " + card + ", +86 150 0000 1111", counts);

        assertThat(counts).containsOnly(Map.entry("mobile", 3), Map.entry("email", 1), Map.entry("bank_card", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"请读银XING2行", "2026年1月31日", "订单12345号", "0123456789", "价格1,234.56元",
            "room 400-123-4567", "v2.1.0-rc3", "ABC13812345678", "13812345678902"})
    void shouldLeaveTextWithoutPersonalDataUntouched(String text) {
        assertThat(masker.mask(text, counts)).isSameAs(text);
        assertThat(counts).isEmpty();
    }

    @Test
    void shouldLeaveNullAndEmptyAsTheyAre() {
        assertThat(masker.mask(null, counts)).isNull();
        assertThat(masker.mask("", counts)).isEmpty();
        assertThat(counts).isEmpty();
    }

    private static char gb11643Check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * GB11643_WEIGHTS[i];
        }
        return GB11643_CHECK.charAt(sum % 11);
    }

    /** A wrong check character that also does not make the 18 characters a Luhn-valid card number. */
    private static char wrongCheckThatIsNotALuhnNumber(String first17, char right) {
        for (char c : "0123456789X".toCharArray()) {
            if (c != right && (c == 'X' || luhnCheckDigit(first17) != c - '0')) {
                return c;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** The digit that makes {@code payload + digit} pass Luhn: payload digits from the right are doubled first. */
    private static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean doubled = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }
}
