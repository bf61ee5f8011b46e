package org.ttsaudit.pipeline.risk;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.text.HalfWidth;

/**
 * Risk flags for a request's raw text, before it is masked: which rules match, never what matched.
 * Text is compared normalized (full-width forms as ASCII, letters lower-case), so {@code ＷＩＲＥ
 * Transfer} is {@code wire transfer}. One pass of an Aho–Corasick automaton finds every keyword
 * and every regex rule's required text at once; a regex runs only on a text that holds its
 * required text. A keyword that starts with an ASCII letter or digit must start a word there
 * ({@code kill} finds "killing", not "skill").
 */
public final class RiskScanner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<RiskRule> rules;
    private final Pattern[] regexes;
    private final KeywordAutomaton automaton;
    /** Per rule (automaton word i is rule i's keyword or required text): its length, and whether it must start a word. */
    private final int[] wordLength;
    private final boolean[] wordStart;

    public RiskScanner(List<RiskRule> rules) {
        this.rules = List.copyOf(rules);
        this.regexes = new Pattern[rules.size()];
        List<String> words = new ArrayList<>();
        wordLength = new int[rules.size()];
        wordStart = new boolean[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            RiskRule rule = rules.get(r);
            String word = rule.isRegex() ? rule.trigger() : rule.keyword();
            if (rule.isRegex()) {
                regexes[r] = Pattern.compile(rule.regex(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            }
            words.add(word);
            wordLength[r] = word.length();
            wordStart[r] = !rule.isRegex() && HalfWidth.isAsciiAlnum(word.charAt(0));
        }
        automaton = new KeywordAutomaton(words);
    }

    /** The rules of {@code risk.rules-file} (by default the bundled list); a bad file stops here. */
    public static RiskScanner from(Configuration config) {
        return new RiskScanner(RiskRule.load(config.get(TtsOptions.RISK_RULES_FILE)));
    }

    /**
     * The flags of the texts together, as JSON: rule ids by category, e.g.
     * {@code {"fraud":["fraud-safe-account"]}}; null when no rule matches. Null texts are skipped.
     */
    public String flags(String... texts) {
        BitSet matched = new BitSet();
        for (String text : texts) {
            if (text != null) {
                match(text, matched);
            }
        }
        if (matched.isEmpty()) {
            return null;
        }
        Map<String, List<String>> byCategory = new TreeMap<>();
        matched.stream().forEach(r -> byCategory.computeIfAbsent(rules.get(r).category(), c -> new ArrayList<>())
                .add(rules.get(r).id()));
        return byCategory.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue().stream().map(id -> "\"" + id + "\"")
                        .collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private void match(String text, BitSet matched) {
        BitSet regexToTry = null;
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            state = automaton.next(state, normalize(text.charAt(i)));
            for (int rule : automaton.outputs(state)) {
                int start = i + 1 - wordLength[rule];
                if (matched.get(rule) || wordStart[rule] && start > 0 && HalfWidth.isAsciiAlnum(normalize(text.charAt(start - 1)))) {
                    continue;
                }
                if (regexes[rule] == null) {
                    matched.set(rule);
                } else {
                    regexToTry = regexToTry == null ? new BitSet() : regexToTry;
                    regexToTry.set(rule);
                }
            }
        }
        if (regexToTry != null) {
            String normalized = normalize(text);
            regexToTry.stream().filter(r -> regexes[r].matcher(normalized).find()).forEach(matched::set);
        }
    }

    /** Full-width forms as ASCII, letters lower-case; one char for one. */
    static char normalize(char c) {
        return Character.toLowerCase(HalfWidth.of(c));
    }

    static String normalize(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = normalize(chars[i]);
        }
        return new String(chars);
    }
}
