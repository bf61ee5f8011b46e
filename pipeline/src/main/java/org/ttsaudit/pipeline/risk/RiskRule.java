package org.ttsaudit.pipeline.risk;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ttsaudit.pipeline.config.RuleFile;

/**
 * One risk rule ({@code risk.rules-file}): an id and a category, which are all a flagged request
 * carries, and what it looks for in the request's raw text after {@link RiskScanner#normalize}:
 * a keyword, or a regex ({@code re:} prefix) with the plain text every match must contain
 * ({@code trigger}), which the scanner looks for first. Lines read {@code id, category, keyword}
 * or {@code id, category, re:regex}.
 */
public record RiskRule(String id, String category, String keyword, String regex, String trigger) implements Serializable {
    static final String OPTION = "risk.rules-file";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    boolean isRegex() {
        return regex != null;
    }

    static List<RiskRule> load(String location) {
        List<RiskRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RuleFile.Line line : RuleFile.read(OPTION, location, 3, "id, category, keyword' or 'id, category, re:regex")) {
            String id = line.field(0);
            String category = line.field(1);
            String what = line.field(2);
            if (!ID.matcher(id).matches()) {
                throw line.error("id '" + id + "' must be 1..64 of A-Z, a-z, 0-9, '.', '_' and '-'");
            }
            if (!ids.add(id)) {
                throw line.error("id '" + id + "' is used by an earlier rule");
            }
            if (!CATEGORY.matcher(category).matches()) {
                throw line.error("category '" + category + "' must be 1..32 of a-z, 0-9, '_' and '-', starting with a letter");
            }
            if (!what.startsWith("re:")) {
                rules.add(new RiskRule(id, category, RiskScanner.normalize(what), null, null));
                continue;
            }
            String regex = what.substring(3).strip();
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw line.error("bad regex: " + e.getDescription() + " near index " + e.getIndex());
            }
            String trigger = RiskScanner.normalize(RegexLiteral.required(regex));
            if (trigger.isEmpty()) {
                throw line.error("the regex has no plain text that every match contains (outside groups, classes and "
                        + "a top-level '|'), which the scanner looks for before it runs a regex; split it into rules");
            }
            rules.add(new RiskRule(id, category, null, regex, trigger));
        }
        return rules;
    }
}
