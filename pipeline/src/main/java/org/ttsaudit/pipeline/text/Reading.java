package org.ttsaudit.pipeline.text;

/**
 * A text read into model tokens, with the strength of the boundary at each token: {@link #NONE}
 * for a spoken token, and for a pause the strongest punctuation it stands for, so that a long text
 * can be cut where a reader would breathe.
 */
public record Reading(long[] tokens, byte[] breaks) {
    public static final byte NONE = 0;
    /** White space or punctuation that ends no clause (quotes, dashes, brackets). */
    public static final byte SPACE = 1;
    /** ，,、:： */
    public static final byte CLAUSE = 2;
    /** 。！？；.!?; */
    public static final byte SENTENCE = 3;

    static byte of(int cp) {
        return switch (cp) {
            case '。', '！', '？', '；', '.', '!', '?', ';', '．', '｡' -> SENTENCE;
            case '，', ',', '、', ':', '：', '､' -> CLAUSE;
            default -> SPACE;
        };
    }
}
