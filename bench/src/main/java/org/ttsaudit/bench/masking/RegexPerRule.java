package org.ttsaudit.bench.masking;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline: the straightforward way to mask, one precompiled regex per rule applied to the
 * whole text in sequence (mobile, resident ID with its check character, bank card with Luhn,
 * e-mail), each pass copying the text. Masks what {@code Masker} masks on the corpus, the same way.
 */
final class RegexPerRule {
    private static final String BEFORE = "(?<![0-9A-Za-z])";
    private static final String AFTER = "(?![0-9A-Za-z])";
    private static final Pattern MOBILE = Pattern.compile(BEFORE + "1[3-9][0-9]{9}" + AFTER);
    private static final Pattern RESIDENT_ID = Pattern.compile(
            BEFORE + "[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]" + AFTER);
    private static final Pattern BANK_CARD = Pattern.compile(BEFORE + "[0-9]{13,19}" + AFTER);
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}");

    String mask(String text, Map<String, Integer> counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        text = apply(MOBILE, text, "mobile", s -> true, RegexPerRule::keepLastFour, counts);
        text = apply(RESIDENT_ID, text, "resident_id", Corpus::validResidentId, RegexPerRule::keepLastFour, counts);
        text = apply(BANK_CARD, text, "bank_card", Corpus::luhn, RegexPerRule::keepLastFour, counts);
        return apply(EMAIL, text, "email", s -> true, e -> e.charAt(0) + "***" + e.substring(e.indexOf('@')), counts);
    }

    private static String apply(Pattern rule, String text, String kind, Predicate<String> valid,
                                Function<String, String> replacement, Map<String, Integer> counts) {
        Matcher m = rule.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            if (valid.test(m.group())) {
                m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m.group())));
                counts.merge(kind, 1, Integer::sum);
            }
        }
        return m.appendTail(out).toString();
    }

    private static String keepLastFour(String s) {
        return "*".repeat(s.length() - 4) + s.substring(s.length() - 4);
    }
}
