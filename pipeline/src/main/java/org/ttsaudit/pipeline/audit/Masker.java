package org.ttsaudit.pipeline.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in one pass over the text: one pattern finds candidates (e-mail addresses
 * and runs of digits), and each candidate is classified by its digits and checksums, so a number
 * is masked as a resident ID only when its GB 11643 check character is right, and as a bank card
 * only when it passes Luhn. The last four characters stay visible for auditors.
 */
public final class Masker implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<email>[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24})"
                    + "|(?<number>(?<![0-9A-Za-z])(?:\\+?86[ -]?)?[0-9](?:[ -]?[0-9]){9,18}[Xx]?(?![0-9A-Za-z]))");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    /** Masked text; {@code counts} gains one per masked item, by kind. Null stays null. */
    public String mask(String text, Map<String, Integer> counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String kind;
            String replacement;
            if (m.group("email") != null) {
                kind = "email";
                replacement = maskEmail(m.group());
            } else {
                String digits = m.group().replaceAll("[ -]", "");
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

    /** The kind of a digit run, or null when it is none we mask. */
    static String classify(String digits) {
        String national = digits.startsWith("+86") ? digits.substring(3)
                : digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : digits;
        if (national.length() == 11 && national.matches("1[3-9][0-9]{9}")) {
            return "mobile";
        }
        if (digits.startsWith("+")) {
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

    private static String keepLastFour(String digits) {
        int keep = Math.min(4, digits.length());
        return "*".repeat(digits.length() - keep) + digits.substring(digits.length() - keep);
    }

    private static String maskEmail(String email) {
        int at = email.indexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }
}
