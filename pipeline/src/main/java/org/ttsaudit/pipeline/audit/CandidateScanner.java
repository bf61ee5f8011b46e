package org.ttsaudit.pipeline.audit;

import static org.ttsaudit.pipeline.text.HalfWidth.isAsciiAlnum;

/**
 * Finds the candidates for the built-in kinds in a half-width text, left to right, without a regex.
 * Every candidate but an e-mail address starts where an ASCII letter or digit run starts (or at '+',
 * '(' or ':'), so the scan looks only there, with a table lookup per character; an e-mail address is
 * found from its '@', whose position is looked up once. At a position the alternatives are tried in
 * a fixed order: e-mail, IPv4, IPv6, passport, number. The spans are exactly those of the single
 * pattern this replaces ({@code MaskerTest} checks the two against each other on random text):
 * <pre>
 * email    [A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}
 * ipv4     (?&lt;![0-9A-Za-z.])(OCTET\.){3}OCTET(?![0-9A-Za-z]|\.[0-9])
 * ipv6     (?&lt;![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:]|\.[0-9])
 * passport (?&lt;![0-9A-Za-z])([EeGg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7})(?![0-9A-Za-z])
 * number   (?&lt;![0-9A-Za-z])((\+|00)?86[ -]?|\(\+?86\)[ -]?|\(0[0-9]{2,3}\)[ -]?)?[0-9]([ -]?[0-9]){6,18}[Xx]?(?![0-9A-Za-z])
 * </pre>
 * An IPv6-shaped span that is no address (a time such as 12:30:45) is still a candidate: it is
 * consumed and left as written, as the pattern did.
 */
final class CandidateScanner {
    enum Type { EMAIL, IPV4, IPV6, PASSPORT, NUMBER }

    private static final int NONE = -1;
    private static final byte DIGIT = 1;
    private static final byte HEX_LETTER = 2;
    private static final byte PASSPORT_LETTER = 4;
    private static final byte COLON = 8;
    private static final byte PREFIX = 16;
    /** What may start at an ASCII character; everything else (all of Chinese text) is skipped at once. */
    private static final byte[] START = new byte[128];
    private static final boolean[] LOCAL = new boolean[128];
    private static final boolean[] LABEL = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            START[c] = DIGIT;
        }
        for (char c : "abcdefABCDEF".toCharArray()) {
            START[c] = HEX_LETTER;
        }
        START['E'] |= PASSPORT_LETTER;
        START['e'] |= PASSPORT_LETTER;
        START['G'] = PASSPORT_LETTER;
        START['g'] = PASSPORT_LETTER;
        START[':'] = COLON;
        START['+'] = PREFIX;
        START['('] = PREFIX;
        for (char c = 0; c < 128; c++) {
            LABEL[c] = isAsciiAlnum(c) || c == '-';
            LOCAL[c] = LABEL[c] || c == '.' || c == '_' || c == '%' || c == '+';
        }
    }

    private final char[] h;
    private final int n;
    private final boolean email;
    private final boolean ipv4;
    private final boolean ipv6;
    private final boolean passport;
    private final boolean number;
    private final int[] digitAt = new int[19];
    /** The '@' the next e-mail address would use; n when there is none left. */
    private int at = NONE;
    private int emailEnd;

    int start;
    int end;
    Type type;

    CandidateScanner(char[] halfWidth, boolean email, boolean ipv4, boolean ipv6, boolean passport, boolean number) {
        this.h = halfWidth;
        this.n = halfWidth.length;
        this.email = email;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.passport = passport;
        this.number = number;
    }

    /** The next candidate at or after {@code from}, in {@link #start}, {@link #end} and {@link #type}; false when none. */
    boolean next(int from) {
        int emailStart = email ? emailStart(from) : n;
        for (int p = from; p < n; p++) {
            if (p == emailStart) {
                return found(p, emailEnd, Type.EMAIL);
            }
            char c = h[p];
            int kinds = c < 128 ? START[c] : 0;
            if (kinds == 0 || p > 0 && isAsciiAlnum(h[p - 1])) {
                continue;
            }
            int e;
            if ((kinds & DIGIT) != 0 && ipv4 && (e = ipv4(p)) != NONE) {
                return found(p, e, Type.IPV4);
            }
            if ((kinds & (DIGIT | HEX_LETTER | COLON)) != 0 && ipv6 && (e = ipv6(p)) != NONE) {
                return found(p, e, Type.IPV6);
            }
            if ((kinds & PASSPORT_LETTER) != 0 && passport && (e = passport(p)) != NONE) {
                return found(p, e, Type.PASSPORT);
            }
            if ((kinds & (DIGIT | PREFIX)) != 0 && number && (e = number(p)) != NONE) {
                return found(p, e, Type.NUMBER);
            }
        }
        return false;
    }

    private boolean found(int s, int e, Type t) {
        start = s;
        end = e;
        type = t;
        return true;
    }

    /**
     * Where the next e-mail address at or after {@code from} starts (n for none), its end in
     * {@link #emailEnd}. The local part is the run of local characters before an '@' (at most 64,
     * and not before {@code from}); an '@' without a valid domain or local part is passed over.
     */
    private int emailStart(int from) {
        while (true) {
            if (at < from) {
                at = indexOfAt(from);
                emailEnd = at < n ? domainEnd(at + 1) : NONE;
            }
            if (at >= n) {
                return n;
            }
            int s = at;
            while (s > from && at - s < 64 && isLocal(h[s - 1])) {
                s--;
            }
            if (s < at && emailEnd != NONE) {
                return s;
            }
            from = at + 1;
        }
    }

    private int indexOfAt(int from) {
        for (int i = from; i < n; i++) {
            if (h[i] == '@') {
                return i;
            }
        }
        return n;
    }

    /**
     * The end of the domain starting at {@code d}: labels of 1..63 characters joined by dots, then a
     * dot and 2..24 letters (the top-level domain may stop inside a longer run); the most labels win.
     */
    private int domainEnd(int d) {
        int len = run(d, LABEL);
        if (len < 1 || len > 63) {
            return NONE;
        }
        int best = NONE;
        int cur = d + len;
        while (cur < n && h[cur] == '.') {
            int next = cur + 1;
            int letters = 0;
            while (next + letters < n && letters < 24 && isLetter(h[next + letters])) {
                letters++;
            }
            if (letters >= 2) {
                best = next + letters;
            }
            int label = run(next, LABEL);
            if (label < 1 || label > 63) {
                break;
            }
            cur = next + label;
        }
        return best;
    }

    /** Four dotted octets (0..255, no leading zero), not inside a longer dotted or alphanumeric run. */
    private int ipv4(int p) {
        if (p > 0 && h[p - 1] == '.') {
            return NONE;
        }
        int q = p;
        for (int k = 0; k < 4; k++) {
            int len = 0;
            int value = 0;
            while (q + len < n && len < 4 && isDigit(h[q + len])) {
                value = value * 10 + h[q + len] - '0';
                len++;
            }
            if (len == 0 || len > 3 || len > 1 && h[q] == '0' || value > 255) {
                return NONE;
            }
            q += len;
            if (k < 3) {
                if (q >= n || h[q] != '.') {
                    return NONE;
                }
                q++;
            }
        }
        boolean dottedDigitAfter = q + 1 < n && h[q] == '.' && isDigit(h[q + 1]);
        return q < n && isAsciiAlnum(h[q]) || dottedDigitAfter ? NONE : q;
    }

    /** Groups of 0..4 hex digits joined by 2..7 colons, the whole colon-joined run. */
    private int ipv6(int p) {
        if (p > 0 && h[p - 1] == ':') {
            return NONE;
        }
        int q = p + hexRun(p);
        if (q - p > 4) {
            return NONE;
        }
        int colons = 0;
        while (q < n && h[q] == ':') {
            colons++;
            int group = hexRun(q + 1);
            if (group > 4) {
                return NONE;
            }
            q += 1 + group;
        }
        // A full stop may end a sentence after an address; followed by a digit it would be an
        // embedded IPv4 tail (::ffff:1.2.3.4), which the IPv4 rule masks on its own.
        boolean dottedDigitAfter = q + 1 < n && h[q] == '.' && isDigit(h[q + 1]);
        if (colons < 2 || colons > 7 || q < n && isAsciiAlnum(h[q]) || dottedDigitAfter) {
            return NONE;
        }
        return q;
    }

    /** E or G and 8 digits, or E, a letter other than I and O, and 7 digits. */
    private int passport(int p) {
        int e = p + 9;
        if (e > n || e < n && isAsciiAlnum(h[e])) {
            return NONE;
        }
        if (digits(p + 1, 8)) {
            return e;
        }
        char second = h[p + 1];
        boolean letter = isLetter(second) && (second | 0x20) != 'i' && (second | 0x20) != 'o';
        return (h[p] | 0x20) == 'e' && letter && digits(p + 2, 7) ? e : NONE;
    }

    /** A number with an optional +86 / 0086 / 86 / (+86) / (0xx[x]) prefix, tried in the pattern's order. */
    private int number(int p) {
        char c = h[p];
        if (c == '+') {
            return matches(p + 1, "86") ? bodyAfterSeparator(p + 3) : NONE;
        }
        if (c == '(') {
            int q = matches(p + 1, "+86)") ? p + 5 : matches(p + 1, "86)") ? p + 4 : NONE;
            int e = q == NONE ? NONE : bodyAfterSeparator(q);
            if (e != NONE) {
                return e;
            }
            q = matches(p + 1, "0") && digits(p + 2, 3) && matches(p + 5, ")") ? p + 6
                    : matches(p + 1, "0") && digits(p + 2, 2) && matches(p + 4, ")") ? p + 5 : NONE;
            return q == NONE ? NONE : bodyAfterSeparator(q);
        }
        int prefix = matches(p, "0086") ? p + 4 : matches(p, "86") ? p + 2 : NONE;
        if (prefix != NONE) {
            int e = bodyAfterSeparator(prefix);
            if (e != NONE) {
                return e;
            }
        }
        return body(p);
    }

    private int bodyAfterSeparator(int q) {
        return q < n && (h[q] == ' ' || h[q] == '-') ? body(q + 1) : body(q);
    }

    /**
     * 7..19 digits, single spaces or dashes between them, an optional X, then no letter or digit:
     * the longest such run from {@code q}, as a greedy pattern backtracks to it.
     */
    private int body(int q) {
        if (q >= n || !isDigit(h[q])) {
            return NONE;
        }
        int count = 0;
        digitAt[count++] = q;
        int i = q + 1;
        while (count < 19) {
            if (i < n && isDigit(h[i])) {
                digitAt[count++] = i++;
            } else if (i + 1 < n && (h[i] == ' ' || h[i] == '-') && isDigit(h[i + 1])) {
                digitAt[count++] = i + 1;
                i += 2;
            } else {
                break;
            }
        }
        for (int k = count - 1; k >= 6; k--) {
            int e = digitAt[k] + 1;
            if (e < n && (h[e] == 'X' || h[e] == 'x')) {
                if (e + 1 >= n || !isAsciiAlnum(h[e + 1])) {
                    return e + 1;
                }
            } else if (e >= n || !isAsciiAlnum(h[e])) {
                return e;
            }
        }
        return NONE;
    }

    private int run(int from, boolean[] set) {
        int i = from;
        while (i < n && h[i] < 128 && set[h[i]]) {
            i++;
        }
        return i - from;
    }

    private int hexRun(int from) {
        int i = from;
        while (i < n && i - from < 5 && (isDigit(h[i]) || (h[i] | 0x20) >= 'a' && (h[i] | 0x20) <= 'f')) {
            i++;
        }
        return i - from;
    }

    private boolean digits(int from, int count) {
        if (from + count > n) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(h[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int from, String literal) {
        if (from + literal.length() > n) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (h[from + i] != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocal(char c) {
        return c < 128 && LOCAL[c];
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
