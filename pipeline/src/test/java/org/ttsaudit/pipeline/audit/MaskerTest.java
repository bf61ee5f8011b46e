package org.ttsaudit.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    @ValueSource(strings = {"１３８１２３４５６７８", "＋８６ １３８ １２３４ ５６７８", "0086 13812345678", "(+86)13812345678",
            "（＋86）138-1234-5678", "+86　13812345678"})
    void shouldMaskFullWidthAndInternationalFormsOfAMobileNumber(String phone) {
        String masked = masker.mask("请拨" + phone + "联系", counts);

        assertThat(masked).matches("请拨\\*+5678联系");
        assertThat(counts).containsExactly(Map.entry("mobile", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "010-12345678 | 5678", "01012345678 | 5678", "(010)12345678 | 5678", "（0755）12345678 | 5678",
        "0755-1234567 | 4567", "021 1234 5678 | 5678", "+86 10 1234 5678 | 5678", "+86-755-12345678 | 5678",
        "0086 21 12345678 | 5678", "０５７１－８８８８１２３４ | 1234",
    })
    void shouldMaskAFixedLineNumberWithItsAreaCodeKeepingTheLastFour(String phone, String lastFour) {
        String masked = masker.mask("座机" + phone + "转", counts);

        assertThat(masked).matches("座机\\*+" + lastFour + "转");
        assertThat(counts).containsExactly(Map.entry("fixed_line", 1));
    }

    @Test
    void shouldMaskAnAddressThatEndsASentenceWithAFullStop() {
        assertThat(masker.mask("server 2001:db8::1. next 10.0.0.7. done", counts))
                .isEqualTo("server ****:***::1. next **.*.*.7. done");
        assertThat(counts).containsOnly(Map.entry("ipv6", 1), Map.entry("ipv4", 1));
    }

    @Test
    void shouldLeaveAnEmbeddedIpv4TailToTheIpv4Rule() {
        assertThat(masker.mask("映射 ::ffff:192.168.7.9 地址", counts)).isEqualTo("映射 ::ffff:***.***.*.9 地址");
        assertThat(counts).containsOnly(Map.entry("ipv4", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.168.1.20 | ***.***.*.20 | ipv4", "8.8.8.8 | *.*.*.8 | ipv4", "１０.０.０.１ | **.*.*.1 | ipv4",
        "2001:db8::8a2e:370:7334 | ****:***::****:***:7334 | ipv6", "fe80::1 | ****::1 | ipv6",
        "2001:0db8:0000:0000:0000:ff00:0042:8329 | ****:****:****:****:****:****:****:8329 | ipv6",
    })
    void shouldMaskAnIpAddressKeepingItsLastGroup(String address, String expected, String kind) {
        assertThat(masker.mask("来自" + address + "的请求", counts)).isEqualTo("来自" + expected + "的请求");
        assertThat(counts).containsExactly(Map.entry(kind, 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"E12345678 | E****5678", "G87654321 | G****4321", "EA1234567 | E****4567",
            "e12345678 | e****5678"})
    void shouldMaskAPassportNumberKeepingItsLetterAndLastFour(String passport, String expected) {
        assertThat(masker.mask("护照号" + passport + "。", counts)).isEqualTo("护照号" + expected + "。");
        assertThat(counts).containsExactly(Map.entry("passport", 1));
    }

    @Test
    void shouldMaskEveryKindInOnePassAndLeaveInlinePinyinAlone() {
        String text = "请读银HANG2行：电话13812345678，座机010-87654321，IP 10.1.2.3，护照E12345678，"
                + "邮件li@example.cn，行长XING2ZHANG3。";

        String masked = masker.mask(text, counts);

        assertThat(masked).isEqualTo("请读银HANG2行：电话*******5678，座机*******4321，IP **.*.*.3，护照E****5678，"
                + "邮件l***@example.cn，行长XING2ZHANG3。");
        assertThat(counts).containsOnly(Map.entry("mobile", 1), Map.entry("fixed_line", 1), Map.entry("ipv4", 1),
                Map.entry("passport", 1), Map.entry("email", 1));
    }

    @Test
    void shouldFindEveryGeneratedItemInChineseTextAndCountItsKind() {
        Random random = new Random(20260501);
        Map<String, Integer> expected = new java.util.TreeMap<>();
        List<String> items = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            String[] item = generated(random);
            items.add(item[1]);
            expected.merge(item[0], 1, Integer::sum);
            text.append(FILLER[random.nextInt(FILLER.length)]).append(item[1]);
        }

        String masked = masker.mask(text.toString(), counts);

        assertThat(counts).isEqualTo(expected);
        assertThat(expected.keySet()).hasSize(8);
        for (String item : items) {
            assertThat(masked).as(item).doesNotContain(item);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"请读银XING2行", "2026年1月31日", "订单12345号", "0123456789", "价格1,234.56元",
            "room 400-123-4567", "v2.1.0-rc3", "ABC13812345678", "13812345678902", "会议12:30:45开始", "比分3:2",
            "第1.2.3节", "版本1.2.3.4.5", "999.1.1.1", "E1234567", "XE12345678", "HANG2 ZHANG3 xing2", "std::vector",
            "电话：12：30", "0371-123456"})
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

    private static final String[] FILLER = {"，请联系", "。电话", "；另外", " 或 ", "（备注）", "：", "\n"};

    /** A kind and a valid item of it, in one of its written forms. */
    private static String[] generated(Random random) {
        switch (random.nextInt(8)) {
            case 0: {
                String mobile = "1" + (3 + random.nextInt(7)) + digits(random, 9);
                String[] forms = {mobile, "+86 " + mobile, mobile.substring(0, 3) + "-" + mobile.substring(3, 7) + "-"
                        + mobile.substring(7), fullWidth(mobile)};
                return new String[] {"mobile", forms[random.nextInt(forms.length)]};
            }
            case 1: {
                String area = random.nextBoolean() ? "010" : "0" + (3 + random.nextInt(7)) + digits(random, 2);
                String local = (2 + random.nextInt(8)) + digits(random, 7);
                String[] forms = {area + "-" + local, "(" + area + ")" + local, area + local};
                return new String[] {"fixed_line", forms[random.nextInt(forms.length)]};
            }
            case 2: {
                String first17 = "1101" + String.format("%02d", 1 + random.nextInt(20))
                        + (1950 + random.nextInt(55)) + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                        + digits(random, 3);
                return new String[] {"resident_id", first17 + gb11643Check(first17)};
            }
            case 3: {
                String payload = "6222" + digits(random, 11);
                return new String[] {"bank_card", payload + luhnCheckDigit(payload)};
            }
            case 4:
                return new String[] {"email", "user" + digits(random, 5) + "@example" + random.nextInt(10) + ".com"};
            case 5:
                return new String[] {"ipv4", (11 + random.nextInt(200)) + "." + random.nextInt(256) + "."
                        + random.nextInt(256) + "." + (100 + random.nextInt(156))};
            case 6:
                return new String[] {"ipv6", "2001:db8:" + Integer.toHexString(0x1000 + random.nextInt(0xefff)) + "::"
                        + Integer.toHexString(0x1000 + random.nextInt(0xefff))};
            default:
                return new String[] {"passport", (random.nextBoolean() ? "E" : "G") + (1 + random.nextInt(9)) + digits(random, 7)};
        }
    }

    private static String digits(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

    private static String fullWidth(String ascii) {
        StringBuilder sb = new StringBuilder(ascii.length());
        for (char c : ascii.toCharArray()) {
            sb.append((char) (c + 0xFEE0));
        }
        return sb.toString();
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
