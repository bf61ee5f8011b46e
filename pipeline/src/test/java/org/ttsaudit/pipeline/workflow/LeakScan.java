package org.ttsaudit.pipeline.workflow;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Looks for sensitive items, or recognisable pieces of them, in text the job wrote, however they
 * are spelled there: full-width forms count as ASCII, case is ignored, and separators inside a
 * number (spaces, dashes, dots, colons, brackets, plus, at and underscore) are skipped, so
 * {@code 138-1234-5678}, {@code １３８１２３４５６７８} and {@code 13812345678} all read as one run of
 * digits. A masked item keeps four characters at most; a run holding {@value #PIECE} characters
 * of an item in a row is a leak.
 */
final class LeakScan {
    static final int PIECE = 8;
    private static final String SEPARATORS = " \t-()+.:_@";

    private LeakScan() {}

    /** Text to search: its runs of upper-case letters and digits (joined by '|'), and the text itself in lower-case ASCII. */
    record Haystack(String runs, String lower) {
        Haystack(String text) {
            this(runsOf(text), ascii(text).toLowerCase(Locale.ROOT));
        }

        /**
         * The run that holds a piece of the item, if any: for text tied to the item's request.
         * Pieces that {@code allowed} holds too are no evidence: the request's other numbers,
         * which must come out as they went in, may share one (two IDs from the same district and
         * decade share eight digits).
         */
        Optional<String> runWithPieceOf(SensitiveItems.Item item, Haystack allowed) {
            for (String piece : pieces(item)) {
                if (allowed.runs.contains(piece)) {
                    continue;
                }
                int at = runs.indexOf(piece);
                if (at >= 0) {
                    int start = runs.lastIndexOf('|', at) + 1;
                    int end = runs.indexOf('|', at);
                    return Optional.of(runs.substring(start, end < 0 ? runs.length() : end));
                }
            }
            return Optional.empty();
        }

        /**
         * Whether the item is here as a whole, for text with no request to tie it to (log lines):
         * its core when that is long enough not to turn up by chance, else as written (an
         * address, a short mailbox name with its domain).
         */
        boolean hasWhole(SensitiveItems.Item item) {
            return item.core().length() >= 9 && !item.kind().startsWith("ip") ? runs.contains(item.core())
                    : lower.contains(ascii(item.written()).toLowerCase(Locale.ROOT));
        }
    }

    private static String runsOf(String text) {
        StringBuilder runs = new StringBuilder(text.length());
        boolean open = false;
        for (char c : ascii(text).toCharArray()) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                runs.append(Character.toUpperCase(c));
                open = true;
            } else if (SEPARATORS.indexOf(c) < 0 && open) {
                runs.append('|');
                open = false;
            }
        }
        return runs.toString();
    }

    /** Every {@value #PIECE}-character piece of the item's core, or the whole core when it is shorter. */
    static Set<String> pieces(SensitiveItems.Item item) {
        String core = item.core();
        Set<String> pieces = new LinkedHashSet<>();
        if (core.length() <= PIECE) {
            pieces.add(core);
        }
        for (int i = 0; i + PIECE <= core.length(); i++) {
            pieces.add(core.substring(i, i + PIECE));
        }
        return pieces;
    }

    /** Full-width ASCII variants (U+FF01..FF5E) and the ideographic space as ASCII. */
    static String ascii(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c);
        }
        return sb.toString();
    }
}
