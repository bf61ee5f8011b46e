package org.ttsaudit.pipeline.synthesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttsaudit.pipeline.text.Reading;

/**
 * Cuts a read text into segments of at most {@code maxTokens}, where a reader would breathe: whole
 * sentences are packed into a segment as long as they fit; a sentence too long is cut at its
 * clauses, a clause at its spaces, and only a run with no pause at all is cut anywhere. The pause
 * at a cut is left out of both segments: the stitching puts its own pause there.
 */
final class TextSegmenter {
    private final int maxTokens;

    TextSegmenter(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("inference.max-segment-tokens must be at least 1, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    List<long[]> split(long[] tokens, byte[] breaks) {
        List<long[]> segments = new ArrayList<>();
        pack(tokens, breaks, 0, tokens.length, Reading.SENTENCE, segments);
        return segments;
    }

    /**
     * Packs the units of {@code [from, to)} between pauses of at least {@code level} greedily into
     * segments; a unit longer than a segment is packed again one level down.
     */
    private void pack(long[] tokens, byte[] breaks, int from, int to, byte level, List<long[]> out) {
        if (to - from <= maxTokens) {
            out.add(Arrays.copyOfRange(tokens, from, to));
            return;
        }
        if (level == Reading.NONE) {
            for (int start = from; start < to; start += maxTokens) {
                out.add(Arrays.copyOfRange(tokens, start, Math.min(to, start + maxTokens)));
            }
            return;
        }
        int open = -1;
        int unitStart = from;
        for (int i = from; i <= to; i++) {
            if (i < to && breaks[i] < level) {
                continue;
            }
            if (open >= 0 && i - open <= maxTokens) {
                unitStart = i + 1;
                continue;
            }
            if (open >= 0) {
                out.add(Arrays.copyOfRange(tokens, open, unitStart - 1));
                open = -1;
            }
            if (i - unitStart <= maxTokens) {
                open = unitStart;
            } else {
                pack(tokens, breaks, unitStart, i, (byte) (level - 1), out);
            }
            unitStart = i + 1;
        }
        if (open >= 0) {
            out.add(Arrays.copyOfRange(tokens, open, to));
        }
    }
}
