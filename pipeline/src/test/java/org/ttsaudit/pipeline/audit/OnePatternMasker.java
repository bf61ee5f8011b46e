package org.ttsaudit.pipeline.audit;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masker as it was before the scanner: one pattern of five alternatives tried at every
 * character, and regex classification. Kept as the reference the scanner must agree with.
 */
final class OnePatternMasker {
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<email>[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24})"
                    + "|(?<ipv4>(?<![0-9A-Za-z.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9A-Za-z]|\\.[0-9]))"
                    + "|(?<ipv6>(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:]|\\.[0-9]))"
                    + "|(?<passport>(?<![0-9A-Za-z])(?:[EeGg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7})(?![0-9A-Za-z]))"
                    + "|(?<number>(?<![0-9A-Za-z])"
                    + "(?:(?:\\+|00)?86[ -]?|\\(\\+?86\\)[ -]?|\\(0[0-9]{2,3}\\)[ -]?)?"
                    + "[0-9](?:[ -]?[0-9]){6,18}[Xx]?(?![0-9A-Za-z]))");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern FIXED_LINE = Pattern.compile("0(?:10|2[0-9])[0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8}");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    String mask(String text, Map<String, Integer> counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder half = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            half.append(c >= '\uFF01' && c <= '\uFF5E' && c != '\uFF1A' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c);
        }
        Matcher m = CANDIDATE.matcher(half.toString());
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String kind;
            String replacement;
            if (m.group("email") != null) {
                kind = "email";
                replacement = m.group().charAt(0) + "***" + m.group().substring(m.group().indexOf('@'));
            } else if (m.group("ipv4") != null) {
                kind = "ipv4";
                replacement = address(m.group(), '.');
            } else if (m.group("ipv6") != null) {
                if (!Masker.validIpv6(m.group())) {
                    continue;
                }
                kind = "ipv6";
                replacement = address(m.group(), ':');
            } else if (m.group("passport") != null) {
                kind = "passport";
                replacement = m.group().charAt(0) + lastFour(m.group().substring(1));
            } else {
                String digits = m.group().replaceAll("[ ()-]", "");
                kind = classify(digits);
                if (kind == null) {
                    continue;
                }
                replacement = lastFour(digits);
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, last, m.start()).append(replacement);
            last = m.end();
            counts.merge(kind, 1, Integer::sum);
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    private static String classify(String digits) {
        String national = digits.startsWith("+86") ? digits.substring(3)
                : digits.startsWith("0086") ? digits.substring(4)
                : digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : null;
        String number = national != null ? national : digits;
        if (number.length() == 11 && MOBILE.matcher(number).matches()) {
            return "mobile";
        }
        if (FIXED_LINE.matcher(national != null && !national.startsWith("0") ? "0" + national : number).matches()) {
            return "fixed_line";
        }
        if (national != null) {
            return null;
        }
        if (digits.length() == 18 && digits.matches("[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]")) {
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (digits.charAt(i) - '0') * ID_WEIGHTS[i];
            }
            if (Character.toUpperCase(digits.charAt(17)) == ID_CHECK[sum % 11]) {
                return "resident_id";
            }
        }
        if (digits.length() == 15 && digits.matches("[1-9][0-9]{5}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}")) {
            return "resident_id";
        }
        if (digits.length() >= 13 && digits.length() <= 19 && digits.matches("[0-9]+") && NumberKinds.luhn(digits)) {
            return "bank_card";
        }
        return null;
    }

    private static String address(String address, char separator) {
        int lastGroup = address.lastIndexOf(separator);
        return address.substring(0, lastGroup).replaceAll("[0-9A-Fa-f]", "*") + address.substring(lastGroup);
    }

    private static String lastFour(String digits) {
        int keep = Math.min(4, digits.length());
        return "*".repeat(digits.length() - keep) + digits.substring(digits.length() - keep);
    }
}
