package org.ttsaudit.pipeline.text;

/**
 * Characters a request's free text may carry that are neither shown nor spoken: control
 * characters other than tab and line breaks (NUL, ESC of terminal escape sequences, C1 controls),
 * format characters (bidi overrides such as U+202E, zero-width spaces and joiners, soft hyphens,
 * the BOM) and surrogates without a partner (a JSON escape of U+D800 on its own).
 *
 * <p>They are removed at parsing, before anything reads the text, because the tokenizer skips them
 * while the masker stops at them: 138, U+200B, 1234, U+200B, 5678 is read aloud as one phone
 * number but would be stored unmasked as three short ones. Kept, they would also reach the analysts'
 * tools, where a bidi override reverses what a row shows and NUL or ESC cut or colour it.
 */
public final class Invisible {
    private Invisible() {}

    /** The text without them; null stays null, and a text without any is returned as it is. */
    public static String remove(String text) {
        if (text == null || text.codePoints().noneMatch(Invisible::isInvisible)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isInvisible(cp)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    static boolean isInvisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL -> cp != '\t' && cp != '\n' && cp != '\r';
            case Character.FORMAT, Character.SURROGATE -> true;
            default -> false;
        };
    }
}
