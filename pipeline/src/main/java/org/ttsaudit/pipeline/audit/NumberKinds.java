package org.ttsaudit.pipeline.audit;

import java.util.EnumSet;

/**
 * What a run of digits is: a mobile or fixed-line number (with any +86, 0086 or 86 prefix), a
 * resident ID (GB 11643 check character; 15-digit legacy form), or a bank card (Luhn). Written out
 * by hand rather than as patterns: this runs for every number in every request.
 */
final class NumberKinds {
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    private NumberKinds() {}

    /** The first enabled kind the digits are, or null. {@code digits} may start with '+' and end with 'X'. */
    static MaskKind classify(String digits, EnumSet<MaskKind> enabled) {
        String national = digits.startsWith("+86") ? digits.substring(3)
                : digits.startsWith("0086") ? digits.substring(4)
                : digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : null;
        String number = national != null ? national : digits;
        if (enabled.contains(MaskKind.MOBILE) && isMobile(number)) {
            return MaskKind.MOBILE;
        }
        // Written internationally, a fixed-line number drops the trunk 0 of its area code.
        if (enabled.contains(MaskKind.FIXED_LINE)
                && isFixedLine(national != null && !national.startsWith("0") ? "0" + national : number)) {
            return MaskKind.FIXED_LINE;
        }
        if (national != null) {
            return null;
        }
        if (enabled.contains(MaskKind.RESIDENT_ID) && (digits.length() == 18 && validResidentId(digits)
                || digits.length() == 15 && validLegacyResidentId(digits))) {
            return MaskKind.RESIDENT_ID;
        }
        if (enabled.contains(MaskKind.BANK_CARD) && digits.length() >= 13 && digits.length() <= 19
                && allDigits(digits, 0, digits.length()) && luhn(digits)) {
            return MaskKind.BANK_CARD;
        }
        return null;
    }

    /** 1[3-9] and nine more digits. */
    static boolean isMobile(String s) {
        return s.length() == 11 && s.charAt(0) == '1' && s.charAt(1) >= '3' && s.charAt(1) <= '9' && allDigits(s, 2, 11);
    }

    /** Area code 010 or 02x with 8 digits, or a four-digit area code 03xx..09xx with 7 or 8. */
    static boolean isFixedLine(String s) {
        int n = s.length();
        if (n < 11 || n > 12 || s.charAt(0) != '0' || !allDigits(s, 1, n)) {
            return false;
        }
        char a = s.charAt(1);
        if (n == 11 && (a == '1' && s.charAt(2) == '0' || a == '2')) {
            return true;
        }
        return a >= '3';
    }

    /** Region, birth date 18xx..20xx with a plausible month and day, sequence, and the GB 11643 check character. */
    static boolean validResidentId(String id) {
        if (id.length() != 18 || id.charAt(0) == '0' || !allDigits(id, 0, 17) || !validDate(id, 10)) {
            return false;
        }
        String century = id.substring(6, 8);
        if (!century.equals("18") && !century.equals("19") && !century.equals("20")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == ID_CHECK[sum % 11];
    }

    /** The 15-digit form: region, two-digit year, month, day, sequence; no check character. */
    private static boolean validLegacyResidentId(String id) {
        return id.charAt(0) != '0' && allDigits(id, 0, 15) && validDate(id, 8);
    }

    /** Month 01..12 at {@code at}, day 01..31 after it. */
    private static boolean validDate(String s, int at) {
        int month = (s.charAt(at) - '0') * 10 + s.charAt(at + 1) - '0';
        int day = (s.charAt(at + 2) - '0') * 10 + s.charAt(at + 3) - '0';
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
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

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
