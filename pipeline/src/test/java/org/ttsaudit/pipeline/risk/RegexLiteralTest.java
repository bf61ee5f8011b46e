package org.ttsaudit.pipeline.risk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexLiteralTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "(立即|马上)转账 => 转账",
        "验证码.{0,8}(告诉|发给) => 验证码",
        "this is (the )?police => `this is `",
        "ab?cd => cd",
        "abc*def => def",
        "abc+de => abc",
        "xy{0}zzz => zzz",
        "abcd{2,}e => abcd",
        "[a-z]+\\.example\\.com => .example.com",
        "\\d{3}-\\w+ => -",
        "\\x41\\u0042 hello => ` hello`",
        "a|bcdef => ``",
        "(?x) k i l l => ``",
        "(?i)wire\\s+transfer => transfer",
        "[]a]bc => bc",
    })
    void shouldFindTheLongestTextEveryMatchContains(String regex, String literal) {
        assertThat(RegexLiteral.required(regex)).isEqualTo(literal);
    }
}
