package org.ttsaudit.pipeline.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.models.Vocab;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Text to model tokens using the vocabulary in the synthesizer's card. Han characters are read
 * with pinyin4j; the request's {@code pinyin} field overrides readings of the Han characters in
 * order ({@code *} keeps one); upper-case tone-numbered syllables inline in the text (e.g.
 * {@code XING2}) are read as written. Upper-case words that are no syllable ("PS5", "MP3") and
 * single letters ("A4") are spelled, so ordinary product names never turn into rejections. Other
 * English words are read one token per syllable ({@link EnglishSyllables}), at about the pace of
 * speech; remaining letters and digits are spelled; punctuation and spaces become one pause.
 */
public final class Tokenizer {
    private static final Pattern INLINE_SYLLABLE = Pattern.compile("[A-Z]{2,6}[1-5]");
    private static final String KEEP = "*";

    private final List<String> vocab;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int pause;
    private final HanyuPinyinOutputFormat format = new HanyuPinyinOutputFormat();

    public Tokenizer(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        pause = require("<sil>");
        format.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        format.setToneType(HanyuPinyinToneType.WITH_TONE_NUMBER);
        format.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    /**
     * The card's vocabulary; a Piper voice has none of ours (its front end is espeak-ng), but its Han
     * text still goes through our pinyin step, so it gets the tone-numbered syllables of our own.
     */
    public static Tokenizer fromCard(ModelCard card) {
        if (ModelCard.FORMAT_PIPER.equals(card.format())) {
            return new Tokenizer(Vocab.tokens());
        }
        JsonNode vocab = card.raw().get("vocab");
        if (vocab == null || !vocab.isArray()) {
            throw new IllegalArgumentException("model card " + card.name() + " has no vocab array");
        }
        List<String> tokens = new ArrayList<>(vocab.size());
        vocab.forEach(t -> tokens.add(t.asText()));
        return new Tokenizer(tokens);
    }

    /** Token ids; never empty, never only pauses. */
    public long[] tokenize(String text, String pinyin) throws RequestException {
        return read(text, pinyin).tokens();
    }

    /** Token ids as {@link #tokenize}, with the boundary each pause stands for. */
    public Reading read(String text, String pinyin) throws RequestException {
        List<String> overrides = overrides(pinyin);
        int nextOverride = 0;
        List<Long> out = new ArrayList<>();
        List<Byte> breaks = new ArrayList<>();
        Matcher inline = INLINE_SYLLABLE.matcher(text);
        int i = 0;
        while (i < text.length()) {
            inline.region(i, text.length());
            if (inline.lookingAt() && !isAsciiAlnum(text, i - 1) && !isAsciiAlnum(text, inline.end())) {
                Integer id = ids.get(inline.group().toLowerCase(Locale.ROOT));
                if (id != null) {
                    add(out, breaks, id);
                    i = inline.end();
                    continue;
                }
            }
            int wordEnd = englishWordEnd(text, i);
            if (wordEnd > i) {
                for (char nucleus : EnglishSyllables.nuclei(text.substring(i, wordEnd))) {
                    add(out, breaks, ids.get(String.valueOf(nucleus)));
                }
                i = wordEnd;
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isHan(cp)) {
                Integer id = reading(cp, overrides, nextOverride++);
                if (id != null) {
                    add(out, breaks, id);
                }
            } else if (cp < 128 && Character.isLetterOrDigit(cp)) {
                Integer id = ids.get(String.valueOf((char) Character.toLowerCase(cp)));
                if (id != null) {
                    add(out, breaks, id);
                }
            } else if (Character.isWhitespace(cp) || isPunctuation(cp)) {
                if (!out.isEmpty() && out.get(out.size() - 1) != pause) {
                    out.add((long) pause);
                    breaks.add(Reading.of(cp));
                } else if (!out.isEmpty()) {
                    breaks.set(breaks.size() - 1, (byte) Math.max(breaks.get(breaks.size() - 1), Reading.of(cp)));
                }
            }
        }
        checkAllUsed(overrides, nextOverride);
        while (!out.isEmpty() && out.get(out.size() - 1) == pause) {
            out.remove(out.size() - 1);
            breaks.remove(breaks.size() - 1);
        }
        if (out.isEmpty()) {
            throw new RequestException(ErrorCode.TEXT_UNSPEAKABLE, "text has nothing to read aloud: give Chinese characters, letters or digits");
        }
        byte[] strengths = new byte[breaks.size()];
        for (int k = 0; k < strengths.length; k++) {
            strengths[k] = breaks.get(k);
        }
        return new Reading(out.stream().mapToLong(Long::longValue).toArray(), strengths);
    }

    /**
     * The text with each Han character replaced by its tone-numbered reading between spaces
     * ({@code 你好 Bob} -> {@code ni3 hao3 Bob}), the request's pinyin overrides applied as in
     * {@link #tokenize}: for a front end that reads pinyin, such as espeak-ng's cmn-latn-pinyin voice.
     */
    public String romanize(String text, String pinyin) throws RequestException {
        List<String> overrides = overrides(pinyin);
        int nextOverride = 0;
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isHan(cp)) {
                Integer id = reading(cp, overrides, nextOverride++);
                if (id != null) {
                    out.append(' ').append(vocab.get(id)).append(' ');
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        checkAllUsed(overrides, nextOverride);
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    public static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** The id of the n-th Han character's reading: its override, or the dictionary's when kept or absent. */
    private Integer reading(int cp, List<String> overrides, int n) {
        String override = n < overrides.size() ? overrides.get(n) : KEEP;
        return KEEP.equals(override) ? dictionaryReading(cp) : ids.get(override);
    }

    private static void checkAllUsed(List<String> overrides, int hanCharacters) throws RequestException {
        if (hanCharacters < overrides.size()) {
            throw new RequestException(ErrorCode.PINYIN_MISMATCH, "pinyin has " + overrides.size()
                    + " syllables but text has only " + hanCharacters + " Han characters: give one per character, * to keep one");
        }
    }

    private List<String> overrides(String pinyin) throws RequestException {
        List<String> result = new ArrayList<>();
        if (pinyin == null || pinyin.isBlank()) {
            return result;
        }
        int position = 0;
        for (String raw : pinyin.trim().split("[\\s,]+")) {
            position++;
            String syllable = raw.toLowerCase(Locale.ROOT).replace("ü", "v").replace("u:", "v");
            if (!KEEP.equals(syllable)) {
                syllable(syllable, "pinyin syllable " + position);
            }
            result.add(syllable);
        }
        return result;
    }

    /**
     * The message quotes the syllable only when it looks like an attempt at one (a few letters and
     * a digit): anything else may be whatever the client put there, personal data included, and
     * a piece of it cut out for a message would no longer be recognisable to the masker.
     */
    private int syllable(String syllable, String where) throws RequestException {
        Integer id = syllable.matches("[a-z]+[1-5]") ? ids.get(syllable) : null;
        if (id == null) {
            String quoted = syllable.matches("[a-z:]{1,6}[0-9]?") ? " '" + syllable + "'" : "";
            throw new RequestException(ErrorCode.UNKNOWN_PINYIN, where + quoted
                    + " is not a Mandarin syllable: write tone-numbered pinyin such as xing2, lv4, ma5");
        }
        return id;
    }

    /** pinyin4j's first reading; readings the vocabulary lacks fall back to the neutral tone or are skipped. */
    private Integer dictionaryReading(int cp) {
        String[] readings;
        try {
            readings = Character.isBmpCodePoint(cp) ? PinyinHelper.toHanyuPinyinStringArray((char) cp, format) : null;
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
        if (readings == null || readings.length == 0) {
            return null;
        }
        String reading = readings[0];
        Integer id = ids.get(reading);
        return id != null ? id : ids.get(reading.replaceAll("[1-5]$", "") + "5");
    }

    private static void add(List<Long> out, List<Byte> breaks, int id) {
        out.add((long) id);
        breaks.add(Reading.NONE);
    }

    private int require(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocabulary has no " + token + " token");
        }
        return id;
    }

    /**
     * The end of the English word that starts at {@code i}: two or more ASCII letters, not all
     * upper case (an acronym is spelled), with no letter or digit right before or after ("mp3" is
     * spelled); {@code i} itself when there is none.
     */
    private static int englishWordEnd(String text, int i) {
        if (isAsciiAlnum(text, i - 1)) {
            return i;
        }
        int end = i;
        boolean lower = false;
        while (end < text.length() && text.charAt(end) < 128 && Character.isLetter(text.charAt(end))) {
            lower |= Character.isLowerCase(text.charAt(end));
            end++;
        }
        return end - i >= 2 && lower && !isAsciiAlnum(text, end) ? end : i;
    }

    private static boolean isAsciiAlnum(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static boolean isPunctuation(int cp) {
        int type = Character.getType(cp);
        return type >= Character.DASH_PUNCTUATION && type <= Character.OTHER_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION;
    }
}
