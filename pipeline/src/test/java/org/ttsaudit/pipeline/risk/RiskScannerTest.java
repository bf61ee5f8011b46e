package org.ttsaudit.pipeline.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsaudit.pipeline.config.TtsOptions;

class RiskScannerTest {
    private static final RiskScanner DEFAULTS = RiskScanner.from(new Configuration());
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "请把钱转到安全账户，否则冻结 | {\"fraud\":[\"fraud-safe-account\"]}",
        "您好，请马上转账到以下账户 | {\"fraud\":[\"fraud-transfer-now\"]}",
        "把验证码告诉我们的客服 | {\"fraud\":[\"fraud-share-code\"]}",
        "请告诉我你收到的验证码 | {\"fraud\":[\"fraud-ask-code\"]}",
        "Please send the money by Wire Transfer today | {\"fraud\":[\"fraud-wire-transfer\"]}",
        "BUY A GIFT CARD AND READ ME THE CODE | {\"fraud\":[\"fraud-gift-card\",\"fraud-share-code-en\"]}",
        "ＷＩＲＥ　ＴＲＡＮＳＦＥＲ，立刻 | {\"fraud\":[\"fraud-wire-transfer\"]}",
        "我是市公安局的警官 | {\"impersonation\":[\"impersonation-official\"]}",
        "This is the police. I'll kill you | {\"impersonation\":[\"impersonation-official-en\"],\"violence\":[\"violence-kill-en\"]}",
    })
    void shouldFlagChineseAndEnglishTextWithItsRuleIdsByCategory(String text, String flags) {
        assertThat(DEFAULTS.flags(text)).isEqualTo(flags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"今天天气很好，我们去公园散步吧。", "转账已完成，感谢使用。", "您的验证码是123456，五分钟内有效。",
        "Your transfer by wire was received.", "The band's last single is a bomb", "我是你的朋友", "skills and killing time"})
    void shouldNotFlagOrdinaryText(String text) {
        assertThat(DEFAULTS.flags(text)).isNull();
    }

    @Test
    void shouldFlagTheFieldsTogetherAndSkipMissingOnes() {
        assertThat(DEFAULTS.flags("请转到安全账户", null, "愤怒地说我要杀了你"))
                .isEqualTo("{\"fraud\":[\"fraud-safe-account\"],\"violence\":[\"violence-kill-zh\"]}");
        assertThat(DEFAULTS.flags(null, null, null)).isNull();
    }

    @Test
    void shouldFindOverlappingKeywordsInOnePass() throws Exception {
        RiskScanner scanner = scanner("a, x, 安全", "b, x, 全账户", "c, x, 账户", "d, x, 安全账户号码");

        assertThat(scanner.flags("转到安全账户")).isEqualTo("{\"x\":[\"a\",\"b\",\"c\"]}");
    }

    @Test
    void shouldMatchAnEnglishKeywordOnlyAtTheStartOfAWord() throws Exception {
        RiskScanner scanner = scanner("kill, violence, Kill");

        assertThat(scanner.flags("he has skills")).isNull();
        assertThat(scanner.flags("stop KILLING", "2kill")).isEqualTo("{\"violence\":[\"kill\"]}");
        assertThat(scanner.flags("我kill")).as("a Chinese character is no letter").isNotNull();
    }

    @Test
    void shouldUseTheConfiguredFileInsteadOfTheBundledList() throws Exception {
        RiskScanner scanner = scanner("# our own list", "", "blue-1, colour, 蓝色, 或者", "re-1, colour, re:红+色");

        assertThat(scanner.flags("请转到安全账户")).isNull();
        assertThat(scanner.flags("天是蓝色, 或者红红色")).isEqualTo("{\"colour\":[\"blue-1\",\"re-1\"]}");
    }

    @Test
    void shouldFlagNothingWithAnEmptyFile() throws Exception {
        assertThat(scanner().flags("请转到安全账户")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "a, fraud, re:(转账 => :1: bad regex",
        "a, fraud, re:(转账|汇款) => :1: the regex has no plain text",
        "a, Fraud!, 转账 => :1: category 'Fraud!' must be",
        "a b, fraud, 转账 => :1: id 'a b' must be",
        "a, fraud => :1: expected 'id, category, keyword' or 'id, category, re:regex'",
    })
    void shouldRefuseABadRulesFileNamingTheLine(String line, String message) throws Exception {
        Path file = Files.write(dir.resolve("risk.txt"), List.of(line));

        assertThatThrownBy(() -> scanner(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("risk.rules-file " + file).hasMessageContaining(message);
    }

    @Test
    void shouldRefuseADuplicateIdAndAMissingFile() {
        assertThatThrownBy(() -> scanner("a, x, 一", "a, x, 二")).hasMessageContaining("risk.txt:2: id 'a' is used by an earlier rule");
        Configuration config = new Configuration();
        config.set(TtsOptions.RISK_RULES_FILE, dir.resolve("none.txt").toString());
        assertThatThrownBy(() -> RiskScanner.from(config)).hasMessageContaining("risk.rules-file: cannot read");
    }

    private RiskScanner scanner(String... lines) throws Exception {
        Path file = Files.write(dir.resolve("risk.txt"), List.of(lines));
        Configuration config = new Configuration();
        config.set(TtsOptions.RISK_RULES_FILE, file.toString());
        return RiskScanner.from(config);
    }
}
