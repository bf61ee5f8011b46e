package org.ttsaudit.pipeline.risk;

import java.util.regex.Pattern;

/**
 * The longest run of plain characters every match of a regex must contain: the text outside
 * groups, classes and escape classes, without characters a quantifier makes optional; nothing when
 * the regex has a top-level alternation or ignores white space. The risk scanner looks for this run
 * with its keywords and tries the regex only on a text that has it, so a regex never walks text
 * that cannot match.
 */
final class RegexLiteral {
    private static final String META = ".^$|*+?{}[]()\\";
    private static final Pattern COMMENTS_FLAG = Pattern.compile("\\(\\?[a-zA-Z]*x");

    private RegexLiteral() {}

    static String required(String regex) {
        if (COMMENTS_FLAG.matcher(regex).find()) {
            return "";
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            int next;
            Character literal = null;
            if (c == '|') {
                return "";
            } else if (c == '\\') {
                next = skipEscape(regex, i);
                if (i + 1 < n && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                    literal = regex.charAt(i + 1);
                }
            } else if (c == '[') {
                next = skipNested(regex, i);
            } else if (c == '(') {
                next = skipNested(regex, i);
            } else {
                next = i + 1;
                literal = META.indexOf(c) < 0 ? c : null;
            }
            int after = next;
            int min = 1;
            if (after < n && "*?+{".indexOf(regex.charAt(after)) >= 0) {
                char q = regex.charAt(after);
                if (q == '{') {
                    int close = regex.indexOf('}', after);
                    String bounds = regex.substring(after + 1, close < 0 ? n : close);
                    min = Integer.parseInt(bounds.split(",", -1)[0].strip());
                    after = close < 0 ? n : close + 1;
                } else {
                    min = q == '+' ? 1 : 0;
                    after++;
                }
                if (after < n && (regex.charAt(after) == '?' || regex.charAt(after) == '+')) {
                    after++; // lazy or possessive
                }
            }
            if (literal != null && min >= 1) {
                run.append(literal.charValue());
            }
            if (literal == null || after != next) {
                best = longest(best, run);
            }
            i = after;
        }
        return longest(best, run);
    }

    /** The longer of {@code best} and the run, which is emptied. */
    private static String longest(String best, StringBuilder run) {
        String candidate = run.toString();
        run.setLength(0);
        return candidate.length() > best.length() ? candidate : best;
    }

    /** The index after an escape: a plain one, hex (x), unicode (u), octal (0), control (c), property (p), \k<name>, \Q..\E. */
    private static int skipEscape(String regex, int i) {
        int n = regex.length();
        if (i + 1 >= n) {
            return n;
        }
        char e = regex.charAt(i + 1);
        int after = i + 2;
        if (after < n && regex.charAt(after) == '{' && "pPxN".indexOf(e) >= 0) {
            int close = regex.indexOf('}', after);
            return close < 0 ? n : close + 1;
        }
        return switch (e) {
            case 'x' -> Math.min(n, after + 2);
            case 'u' -> Math.min(n, after + 4);
            case 'c', 'p', 'P' -> Math.min(n, after + 1);
            case '0' -> {
                int j = after;
                while (j < n && j < after + 3 && regex.charAt(j) >= '0' && regex.charAt(j) <= '7') {
                    j++;
                }
                yield j;
            }
            case 'k' -> regex.indexOf('>', after) < 0 ? n : regex.indexOf('>', after) + 1;
            case 'Q' -> regex.indexOf("\\E", after) < 0 ? n : regex.indexOf("\\E", after) + 2;
            default -> after;
        };
    }

    /**
     * The index after the class ({@code [}) or group ({@code (}) that opens at {@code i}, with what
     * nests inside it: escapes, classes, and in a class a ']' that comes first, which is a member.
     */
    private static int skipNested(String regex, int i) {
        char open = regex.charAt(i);
        char close = open == '[' ? ']' : ')';
        int n = regex.length();
        int depth = 0;
        int j = i;
        while (j < n) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = skipEscape(regex, j);
                continue;
            }
            if (open == '(' && c == '[') {
                j = skipNested(regex, j);
                continue;
            }
            if (c == open) {
                depth++;
                if (open == '[' && j + 1 < n && regex.charAt(j + 1) == '^') {
                    j++;
                }
                if (open == '[' && j + 1 < n && regex.charAt(j + 1) == ']') {
                    j++;
                }
            } else if (c == close && --depth == 0) {
                return j + 1;
            }
            j++;
        }
        return n;
    }
}
