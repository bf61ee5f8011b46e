package org.ttsaudit.pipeline.audit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ttsaudit.pipeline.config.RuleFile;

/**
 * A masking rule of the operator's own ({@code masking.rules-file}): a regex over the half-width
 * text, and how many characters of a match stay visible at its end. The id is the match's key in
 * {@code mask_counts}. Lines read {@code id, keep-last, regex}.
 */
public record CustomMaskRule(String id, int keepLast, String regex) implements Serializable {
    static final String OPTION = "masking.rules-file";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** A numbered back-reference: the rules are joined into one pattern, which renumbers groups. */
    private static final Pattern NUMBERED_BACKREFERENCE = Pattern.compile("\\\\[1-9]");

    public static List<CustomMaskRule> load(String location) {
        List<CustomMaskRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (MaskKind kind : MaskKind.values()) {
            ids.add(kind.label());
        }
        for (RuleFile.Line line : RuleFile.read(OPTION, location, 3, "id, keep-last, regex")) {
            String id = line.field(0);
            if (!ID.matcher(id).matches()) {
                throw line.error("id '" + id + "' must be 1..32 of a-z, 0-9 and _, starting with a letter");
            }
            if (!ids.add(id)) {
                throw line.error("id '" + id + "' is already used (by a built-in kind or an earlier rule)");
            }
            int keep;
            try {
                keep = Integer.parseInt(line.field(1));
            } catch (NumberFormatException e) {
                keep = -1;
            }
            if (keep < 0 || keep > 64) {
                throw line.error("keep-last must be a whole number 0..64, not '" + line.field(1) + "'");
            }
            String regex = line.field(2);
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw line.error("bad regex: " + e.getDescription() + " near index " + e.getIndex());
            }
            if (pattern.matcher("").matches()) {
                throw line.error("the regex matches the empty text; it must match at least one character");
            }
            if (NUMBERED_BACKREFERENCE.matcher(regex.replace("\\\\", "")).find()) {
                throw line.error("numbered back-references (\\1) are not supported; use a named group, \\k<name>");
            }
            rules.add(new CustomMaskRule(id, keep, regex));
        }
        return rules;
    }
}
