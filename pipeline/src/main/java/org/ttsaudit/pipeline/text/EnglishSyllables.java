package org.ttsaudit.pipeline.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syllables of an English word, counted the way a reader would guess them: one per group of
 * vowels (y counts after the first letter), less a silent final e; each syllable stands for its
 * first vowel, which the synthesizer has a letter token for. A stand-in for a real grapheme-to-
 * phoneme step: what matters here is that a word lasts about as long as it is spoken.
 */
final class EnglishSyllables {
    private EnglishSyllables() {}

    /** The first vowel of each syllable of {@code word} (ASCII letters); at least one. */
    static List<Character> nuclei(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        List<Character> nuclei = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < w.length(); i++) {
            if (vowel(w, i) && (i == 0 || !vowel(w, i - 1))) {
                nuclei.add(w.charAt(i));
                starts.add(i);
            }
        }
        // "make", "these": a lone final e after a consonant is silent, unless it is the only vowel ("the").
        int last = w.length() - 1;
        if (nuclei.size() > 1 && w.charAt(last) == 'e' && starts.get(starts.size() - 1) == last && !w.endsWith("le")) {
            nuclei.remove(nuclei.size() - 1);
        }
        if (nuclei.isEmpty()) {
            nuclei.add(w.charAt(0));
        }
        return nuclei;
    }

    private static boolean vowel(String w, int i) {
        char c = w.charAt(i);
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (c == 'y' && i > 0);
    }
}
