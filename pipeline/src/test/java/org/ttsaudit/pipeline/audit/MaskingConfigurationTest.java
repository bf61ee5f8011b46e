package org.ttsaudit.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ttsaudit.pipeline.config.TtsOptions;

class MaskingConfigurationTest {
    @TempDir
    Path dir;
    private final Map<String, Integer> counts = Masker.newCounts();

    @Test
    void shouldLeaveAKindThatIsNotConfiguredAsWritten() {
        Configuration config = new Configuration();
        config.setString(TtsOptions.MASKING_KINDS.key(), "email, ipv4");
        Masker masker = Masker.from(config);

        assertThat(masker.mask("电话13812345678，邮箱li@example.cn，IP 10.1.2.3", counts))
                .isEqualTo("电话13812345678，邮箱l***@example.cn，IP **.*.*.3");
        assertThat(counts).containsOnly(Map.entry("email", 1), Map.entry("ipv4", 1));
    }

    @Test
    void shouldMaskANumberAsTheNextConfiguredKindItIs() {
        String card = "6222021001123456";
        while (!NumberKinds.luhn(card)) {
            card = card.substring(0, 15) + (char) (card.charAt(15) + 1);
        }
        Masker noCards = new Masker(EnumSet.complementOf(EnumSet.of(MaskKind.BANK_CARD)), List.of());

        assertThat(noCards.mask("卡号" + card, counts)).isEqualTo("卡号" + card);
        assertThat(new Masker().mask("卡号" + card, counts)).isEqualTo("卡号************" + card.substring(12));
        assertThat(counts).containsOnly(Map.entry("bank_card", 1));
    }

    @Test
    void shouldRefuseAnUnknownKindNamingTheKnownOnes() {
        Configuration config = new Configuration();
        config.setString(TtsOptions.MASKING_KINDS.key(), "mobile;licence_plate");

        assertThatThrownBy(() -> Masker.from(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("masking.kinds").hasMessageContaining("licence_plate").hasMessageContaining("passport");
    }

    @Test
    void shouldMaskWithCustomRulesInTheSameRewriteAndCountThemByTheirId() throws Exception {
        Masker masker = Masker.from(rulesFile("# id, keep-last, regex", "employee_no, 3, EMP-[0-9]{6}",
                "plate, 2, 京[A-Z][0-9A-Z]{5}", ""));

        assertThat(masker.mask("工号EMP-123456，车牌京A12345，电话13812345678", counts))
                .isEqualTo("工号*******456，车牌*****45，电话*******5678");
        assertThat(masker.mask("工号ＥＭＰ－６５４３２１", counts)).as("full-width forms read as ASCII").isEqualTo("工号*******321");
        assertThat(counts).containsOnly(Map.entry("employee_no", 2), Map.entry("plate", 1), Map.entry("mobile", 1));
    }

    @Test
    void shouldMaskOverlappingMatchesOnceTheEarlierWinningAndTheBuiltInOnATie() throws Exception {
        Masker masker = Masker.from(rulesFile("order, 0, 订单[0-9]+", "eleven, 0, 1[0-9]{10}"));

        assertThat(masker.mask("订单13812345678", counts)).isEqualTo("*".repeat(13));
        assertThat(masker.mask("电话13812345678", counts)).isEqualTo("电话*******5678");
        assertThat(counts).containsOnly(Map.entry("order", 1), Map.entry("mobile", 1));
    }

    @Test
    void shouldNeverLetACustomRuleBreakInlinePinyin() throws Exception {
        Masker masker = Masker.from(rulesFile("code, 0, [A-Z]+[0-9]"));

        assertThat(masker.mask("请读银HANG2行，代码ABC9", counts)).isEqualTo("请读银HANG2行，代码****");
        assertThat(counts).containsOnly(Map.entry("code", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a, 2, ([0-9] | :1: bad regex",
        "mobile, 2, X[0-9]+ | :1: id 'mobile' is already used",
        "Bad-Id, 2, X[0-9]+ | :1: id 'Bad-Id' must be",
        "a, four, X[0-9]+ | :1: keep-last must be a whole number 0..64, not 'four'",
        "a, 2, x* | :1: the regex matches the empty text",
        "a, 2 | :1: expected 'id, keep-last, regex'",
        "a, 2, (x)\\1 | :1: numbered back-references",
    })
    void shouldRefuseABadRulesFileNamingTheLine(String line, String message) throws Exception {
        Configuration config = rulesFile(line);

        assertThatThrownBy(() -> Masker.from(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("masking.rules-file " + dir.resolve("rules.txt"))
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseASecondRuleWithTheSameId() throws Exception {
        Configuration config = rulesFile("a, 1, X[0-9]+", "a, 1, Y[0-9]+");

        assertThatThrownBy(() -> Masker.from(config)).hasMessageContaining("rules.txt:2: id 'a' is already used");
    }

    @Test
    void shouldRefuseAMissingRulesFile() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MASKING_RULES_FILE, dir.resolve("none.txt").toString());

        assertThatThrownBy(() -> Masker.from(config)).hasMessageContaining("masking.rules-file: cannot read");
    }

    private Configuration rulesFile(String... lines) throws Exception {
        Path file = Files.write(dir.resolve("rules.txt"), List.of(lines));
        Configuration config = new Configuration();
        config.set(TtsOptions.MASKING_RULES_FILE, file.toString());
        return config;
    }
}
