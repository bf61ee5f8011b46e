package org.ttsaudit.pipeline.text;

/**
 * Full-width ASCII variants (U+FF01..FF5E) and the ideographic space as their ASCII forms, one char
 * for one, so positions in the mapped text are positions in the original. Not the full-width colon,
 * which Chinese text puts before a number ("电话：138...") and which must not read as an IPv6 separator.
 */
public final class HalfWidth {
    private HalfWidth() {}

    public static char of(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E' && c != '\uFF1A') {
            return (char) (c - 0xFEE0);
        }
        return c == '\u3000' ? ' ' : c;
    }

    public static boolean isAsciiAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
