package org.ttsaudit.pipeline.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in one pass over the text: one pattern finds candidates (e-mail addresses,
 * IP addresses, passport numbers and runs of digits), and each candidate is classified by its
 * digits and checksums, so a number is masked as a resident ID only when its GB 11643 check
 * character is right, and as a bank card only when it passes Luhn. Full-width forms
 * ({@code １３８}, {@code ＋８６}, {@code ＠}) are read as their ASCII twins. What an auditor needs stays
 * visible: the last four digits, an address's last group, a mailbox's first character and domain.
 * Inline pinyin markup such as {@code XING2} is never a candidate.
 */
public final class Masker implements java.io.Serializable {
    private static final long serialVersionUID = 2L;
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<email>[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24})"
                    + "|(?<ipv4>(?<![0-9A-Za-z.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9A-Za-z]|\\.[0-9]))"
                    + "|(?<ipv6>(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:.]))"
                    + "|(?<passport>(?<![0-9A-Za-z])(?:[EeGg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7})(?![0-9A-Za-z]))"
                    + "|(?<number>(?<![0-9A-Za-z])"
                    + "(?:(?:\\+|00)?86[ -]?|\\(\\+?86\\)[ -]?|\\(0[0-9]{2,3}\\)[ -]?)?"
                    + "[0-9](?:[ -]?[0-9]){6,18}[Xx]?(?![0-9A-Za-z]))");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    /** Area code 010 or 02x with 8 digits, or a four-digit area code with 7 or 8. */
    private static final Pattern FIXED_LINE = Pattern.compile("0(?:10|2[0-9])[0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8}");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    /** Masked text; {@code counts} gains one per masked item, by kind. Null stays null. */
    public String mask(String text, Map<String, Integer> counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // Full-width characters map one to one onto ASCII, so positions in the scan are positions in the text.
        Matcher m = CANDIDATE.matcher(halfWidth(text));
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String kind;
            String replacement;
            if (m.group("email") != null) {
                kind = "email";
                replacement = maskEmail(m.group());
            } else if (m.group("ipv4") != null) {
                kind = "ipv4";
                replacement = maskAddress(m.group(), '.');
            } else if (m.group("ipv6") != null) {
                if (!validIpv6(m.group())) {
                    continue;
                }
                kind = "ipv6";
                replacement = maskAddress(m.group(), ':');
            } else if (m.group("passport") != null) {
                kind = "passport";
                replacement = m.group().charAt(0) + keepLastFour(m.group().substring(1));
            } else {
                String digits = m.group().replaceAll("[ ()-]", "");
                kind = classify(digits);
                if (kind == null) {
                    continue;
                }
                replacement = keepLastFour(digits);
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(replacement);
            last = m.end();
            counts.merge(kind, 1, Integer::sum);
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    public static Map<String, Integer> newCounts() {
        return new TreeMap<>();
    }

    /** The kind of a digit run (with any +86, 0086 or area-code prefix), or null when it is none we mask. */
    static String classify(String digits) {
        String national = digits.startsWith("+86") ? digits.substring(3)
                : digits.startsWith("0086") ? digits.substring(4)
                : digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : null;
        String number = national != null ? national : digits;
        if (number.length() == 11 && MOBILE.matcher(number).matches()) {
            return "mobile";
        }
        // Written internationally, a fixed-line number drops the trunk 0 of its area code.
        if (FIXED_LINE.matcher(national != null && !national.startsWith("0") ? "0" + national : number).matches()) {
            return "fixed_line";
        }
        if (national != null) {
            return null;
        }
        if (digits.length() == 18 && validResidentId(digits)) {
            return "resident_id";
        }
        if (digits.length() == 15 && digits.matches("[1-9][0-9]{5}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}")) {
            return "resident_id";
        }
        if (digits.length() >= 13 && digits.length() <= 19 && digits.matches("[0-9]+") && luhn(digits)) {
            return "bank_card";
        }
        return null;
    }

    static boolean validResidentId(String id) {
        if (!id.matches("[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == ID_CHECK[sum % 11];
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
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

    /**
     * Full-width ASCII variants (U+FF01..FF5E) and the ideographic space as their ASCII forms; not the
     * full-width colon, which Chinese text puts before a number ("电话：138...") and no pattern needs.
     */
    private static String halfWidth(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char ascii = c >= '\uFF01' && c <= '\uFF5E' && c != '\uFF1A' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            if (ascii != c) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = ascii;
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** Every digit before the last group becomes '*': 192.168.1.20 -> ***.***.*.20. */
    private static String maskAddress(String address, char separator) {
        int lastGroup = address.lastIndexOf(separator);
        return address.substring(0, lastGroup).replaceAll("[0-9A-Fa-f]", "*") + address.substring(lastGroup);
    }

    private static String keepLastFour(String digits) {
        int keep = Math.min(4, digits.length());
        return "*".repeat(digits.length() - keep) + digits.substring(digits.length() - keep);
    }

    private static String maskEmail(String email) {
        int at = email.indexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }
}
