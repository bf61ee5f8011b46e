package org.ttsaudit.pipeline.audit;

import java.io.Serializable;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.text.HalfWidth;

/**
 * Masks personal data in one pass over the text: a scanner ({@link CandidateScanner}) finds
 * candidates (e-mail addresses, IP addresses, passport numbers and runs of digits) and each
 * candidate is classified by its digits and checksums, so a number is masked as a resident ID only
 * when its GB 11643 check character is right, and as a bank card only when it passes Luhn.
 * Full-width forms ({@code １３８}, {@code ＋８６}, {@code ＠}) are read as their ASCII twins. What an
 * auditor needs stays visible: the last four digits, an address's last group, a mailbox's first
 * character and domain. Inline pinyin markup such as {@code XING2} is never masked.
 *
 * <p>Which built-in kinds are looked for is configurable ({@code masking.kinds}); the operator's
 * own rules ({@code masking.rules-file}) are joined into one pattern, found on the same text, and
 * applied in the same rewrite: where a rule's match overlaps a built-in one, the one that starts
 * first is masked (the built-in one on a tie), so no text is masked twice.
 */
public final class Masker implements Serializable {
    private static final long serialVersionUID = 3L;
    private static final EnumSet<MaskKind> NUMBER_KINDS =
            EnumSet.of(MaskKind.MOBILE, MaskKind.FIXED_LINE, MaskKind.RESIDENT_ID, MaskKind.BANK_CARD);
    private static final Pattern INLINE_PINYIN = Pattern.compile("[A-Z]{2,6}[1-5]");

    private final EnumSet<MaskKind> kinds;
    private final List<CustomMaskRule> custom;
    /** The custom rules, each in a group of one pattern; null without any. */
    private final Pattern customPattern;
    /** The group number of each custom rule in {@link #customPattern}. */
    private final int[] customGroup;

    /** Every built-in kind, no custom rules. */
    public Masker() {
        this(EnumSet.allOf(MaskKind.class), List.of());
    }

    public Masker(Set<MaskKind> kinds, List<CustomMaskRule> custom) {
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(MaskKind.class) : EnumSet.copyOf(kinds);
        this.custom = List.copyOf(custom);
        this.customGroup = new int[custom.size()];
        StringBuilder joined = new StringBuilder();
        int group = 1;
        for (int i = 0; i < custom.size(); i++) {
            String regex = custom.get(i).regex();
            joined.append(i == 0 ? "" : "|").append('(').append(regex).append(')');
            customGroup[i] = group;
            group += 1 + Pattern.compile(regex).matcher("").groupCount();
        }
        this.customPattern = custom.isEmpty() ? null : Pattern.compile(joined.toString());
    }

    /** The kinds of {@code masking.kinds} and the rules of {@code masking.rules-file}; a bad file or kind stops here. */
    public static Masker from(Configuration config) {
        EnumSet<MaskKind> kinds = EnumSet.noneOf(MaskKind.class);
        for (String labels : config.get(TtsOptions.MASKING_KINDS)) {
            for (String label : labels.split(",")) {
                if (!label.isBlank()) {
                    kinds.add(MaskKind.of(label));
                }
            }
        }
        List<CustomMaskRule> rules = config.getOptional(TtsOptions.MASKING_RULES_FILE)
                .filter(f -> !f.isBlank()).map(CustomMaskRule::load).orElse(List.of());
        return new Masker(kinds, rules);
    }

    /** Masked text; {@code counts} gains one per masked item, by kind. Null stays null. */
    public String mask(String text, Map<String, Integer> counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char[] h = text.toCharArray();
        for (int i = 0; i < h.length; i++) {
            h[i] = HalfWidth.of(h[i]);
        }
        Rewrite out = new Rewrite(text, counts);
        List<int[]> customs = customPattern == null ? List.of() : customMatches(text, h);
        int next = 0;
        CandidateScanner scan = new CandidateScanner(h, kinds.contains(MaskKind.EMAIL), kinds.contains(MaskKind.IPV4),
                kinds.contains(MaskKind.IPV6), kinds.contains(MaskKind.PASSPORT), hasNumberKind());
        int from = 0;
        while (scan.next(from)) {
            from = scan.end;
            String span = new String(h, scan.start, scan.end - scan.start);
            MaskKind kind;
            String replacement;
            switch (scan.type) {
                case EMAIL -> {
                    kind = MaskKind.EMAIL;
                    replacement = span.charAt(0) + "***" + span.substring(span.indexOf('@'));
                }
                case IPV4 -> {
                    kind = MaskKind.IPV4;
                    replacement = maskAddress(span, '.');
                }
                case IPV6 -> {
                    kind = validIpv6(span) ? MaskKind.IPV6 : null;
                    replacement = kind == null ? null : maskAddress(span, ':');
                }
                case PASSPORT -> {
                    kind = MaskKind.PASSPORT;
                    replacement = span.charAt(0) + keepLast(span.substring(1), 4);
                }
                default -> {
                    String digits = withoutSeparators(span);
                    kind = NumberKinds.classify(digits, kinds);
                    replacement = kind == null ? null : keepLast(digits, 4);
                }
            }
            if (kind == null) {
                continue;
            }
            // The operator's matches that start earlier go first; one that overlaps this item wins it.
            for (; next < customs.size() && customs.get(next)[0] < scan.start; next++) {
                putCustom(out, customs.get(next), h);
            }
            if (scan.start >= out.last) {
                out.put(scan.start, scan.end, kind.label(), replacement);
            }
        }
        for (; next < customs.size(); next++) {
            putCustom(out, customs.get(next), h);
        }
        return out.result();
    }

    public static Map<String, Integer> newCounts() {
        return new TreeMap<>();
    }

    private boolean hasNumberKind() {
        for (MaskKind k : NUMBER_KINDS) {
            if (kinds.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** Start, end and rule of each match of the custom rules, in order; none inside inline pinyin. */
    private List<int[]> customMatches(String text, char[] h) {
        List<int[]> found = new ArrayList<>();
        Matcher m = customPattern.matcher(CharBuffer.wrap(h));
        while (m.find()) {
            if (m.end() == m.start() || touchesInlinePinyin(text, m.start(), m.end())) {
                continue;
            }
            int rule = 0;
            while (m.start(customGroup[rule]) < 0) {
                rule++;
            }
            found.add(new int[] {m.start(), m.end(), rule});
        }
        return found;
    }

    private void putCustom(Rewrite out, int[] match, char[] h) {
        if (match[0] >= out.last) {
            CustomMaskRule rule = custom.get(match[2]);
            out.put(match[0], match[1], rule.id(), keepLast(new String(h, match[0], match[1] - match[0]), rule.keepLast()));
        }
    }

    /** Whether [start, end) overlaps an inline syllable as the tokenizer reads it (e.g. XING2). */
    private static boolean touchesInlinePinyin(String text, int start, int end) {
        Matcher syllable = INLINE_PINYIN.matcher(text);
        for (int i = Math.max(0, start - 6); i < end; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' && (i == 0 || !HalfWidth.isAsciiAlnum(text.charAt(i - 1)))) {
                syllable.region(i, text.length());
                if (syllable.lookingAt() && syllable.end() > start
                        && (syllable.end() == text.length() || !HalfWidth.isAsciiAlnum(text.charAt(syllable.end())))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Eight groups of 1..4 hex digits, or fewer around one {@code ::}; times such as 12:30:45 are not. */
    static boolean validIpv6(String candidate) {
        int gap = candidate.indexOf("::");
        if (gap != candidate.lastIndexOf("::")) {
            return false;
        }
        if (gap < 0) {
            return groups(candidate) == 8;
        }
        int head = gap == 0 ? 0 : groups(candidate.substring(0, gap));
        int tail = gap + 2 == candidate.length() ? 0 : groups(candidate.substring(gap + 2));
        return head >= 0 && tail >= 0 && head + tail >= 1 && head + tail <= 7;
    }

    /** The number of colon-separated groups of 1..4 hex digits, or -1 when one is empty. */
    private static int groups(String part) {
        String[] groups = part.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return -1;
            }
        }
        return groups.length;
    }

    /** Every digit before the last group becomes '*': 192.168.1.20 -> ***.***.*.20. */
    private static String maskAddress(String address, char separator) {
        int lastGroup = address.lastIndexOf(separator);
        char[] out = address.toCharArray();
        for (int i = 0; i < lastGroup; i++) {
            if (out[i] != separator) {
                out[i] = '*';
            }
        }
        return new String(out);
    }

    /** The digits, '+' and 'X' of a number as written, without its spaces, dashes and parentheses. */
    private static String withoutSeparators(String number) {
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != ' ' && c != '-' && c != '(' && c != ')') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static String keepLast(String s, int keep) {
        int visible = Math.min(keep, s.length());
        return "*".repeat(s.length() - visible) + s.substring(s.length() - visible);
    }

    /** The masked text, copied only once something is masked. */
    private static final class Rewrite {
        private final String text;
        private final Map<String, Integer> counts;
        private StringBuilder out;
        int last;

        Rewrite(String text, Map<String, Integer> counts) {
            this.text = text;
            this.counts = counts;
        }

        void put(int start, int end, String kind, String replacement) {
            if (out == null) {
                out = new StringBuilder(text.length() + 8);
            }
            out.append(text, last, start).append(replacement);
            last = end;
            counts.merge(kind, 1, Integer::sum);
        }

        String result() {
            return out == null ? text : out.append(text, last, text.length()).toString();
        }
    }
}
