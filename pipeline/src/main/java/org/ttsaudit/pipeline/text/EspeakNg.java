package org.ttsaudit.pipeline.text;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to IPA phonemes with the espeak-ng library (Debian's libespeak-ng1, which the espeak-ng
 * package brings), called as Piper's front end calls it: {@code espeak_TextToPhonemes} in IPA mode,
 * one clause per call. In process, through JNA: running the {@code espeak-ng} program per text cost
 * about 100 ms a request here, since the program reads its input to the end before it writes and so
 * cannot be kept running between requests. The library has one global state (its voice), so calls
 * are serialized. Version 1.51 gives a clause's phonemes without the punctuation that ended it, which
 * Piper keeps; the punctuation is put back from the text when its clause breaks can be matched one to
 * one with the clauses, else clauses are joined by a space.
 */
public final class EspeakNg {
    /** speak_lib.h: AUDIO_OUTPUT_SYNCHRONOUS (no sound device), espeakINITIALIZE_DONT_EXIT, espeakCHARS_UTF8, espeakPHONEMES_IPA. */
    private static final int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    private static final int INITIALIZE_DONT_EXIT = 0x8000;
    private static final int CHARS_UTF8 = 1;
    private static final int PHONEMES_IPA = 0x02;
    /** Punctuation that ends a clause for espeak-ng: followed by a space or the end, so "3.5" is no break. */
    private static final Pattern CLAUSE_END = Pattern.compile("([.,!?;:])(?=\\s|$)|([。，！？；：、])");
    private static EspeakNg instance;
    /**
     * The library keeps one state for the whole process, and a second job's class loader has its
     * own copy of this class: a string literal and a system property are the same in every class
     * loader, so calls are serialized on the one and the voice last set is kept in the other.
     */
    private static final Object PROCESS_LOCK = "org.ttsaudit.pipeline.text.EspeakNg";
    private static final String CURRENT_VOICE = "org.ttsaudit.espeak-ng.voice";

    /** The part of speak_lib.h used here. */
    private interface Api extends Library {
        int espeak_Initialize(int output, int bufferMs, String path, int options);

        int espeak_SetVoiceByName(String name);

        Pointer espeak_TextToPhonemes(PointerByReference text, int textMode, int phonemeMode);
    }

    private final Api api;

    private EspeakNg(Api api) {
        this.api = api;
    }

    /** The library, loaded and initialized once per process. */
    public static synchronized EspeakNg load() throws IOException {
        if (instance == null) {
            Api api;
            try {
                api = Native.load("espeak-ng", Api.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("the espeak-ng library is not installed (Debian: apt-get install espeak-ng)", e);
            }
            synchronized (PROCESS_LOCK) {
                if (api.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, null, INITIALIZE_DONT_EXIT) < 0) {
                    throw new IOException("the espeak-ng library did not initialize (its data directory is missing?)");
                }
                System.clearProperty(CURRENT_VOICE);
            }
            instance = new EspeakNg(api);
        }
        return instance;
    }

    /** The phonemes of {@code text} read by espeak-ng's {@code voice} (e.g. en-us, cmn-latn-pinyin). */
    public String phonemes(String text, String voice) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        List<String> clauses = new ArrayList<>();
        synchronized (PROCESS_LOCK) {
            // Setting a voice loads its data (about a third of a synthetic voice's model call in the
            // bench's profile), so it is set only when it changes.
            if (!voice.equals(System.getProperty(CURRENT_VOICE))) {
                System.clearProperty(CURRENT_VOICE);
                if (api.espeak_SetVoiceByName(voice) != 0) {
                    throw new IOException("espeak-ng has no voice '" + voice + "'");
                }
                System.setProperty(CURRENT_VOICE, voice);
            }
            try (Memory buffer = new Memory(utf8.length + 1L)) {
                buffer.write(0, utf8, 0, utf8.length);
                buffer.setByte(utf8.length, (byte) 0);
                PointerByReference next = new PointerByReference(buffer);
                // The library moves the pointer past each clause it reads and sets it to null after the last.
                while (next.getValue() != null) {
                    Pointer phonemes = api.espeak_TextToPhonemes(next, CHARS_UTF8, PHONEMES_IPA);
                    if (phonemes != null) {
                        clauses.add(phonemes.getString(0, StandardCharsets.UTF_8.name()));
                    }
                }
            }
        }
        return withPunctuation(clauses, text);
    }

    static String withPunctuation(List<String> output, String text) {
        List<String> clauses = new ArrayList<>();
        for (String clause : output) {
            if (!clause.isBlank()) {
                clauses.add(clause.strip());
            }
        }
        List<String> marks = new ArrayList<>();
        Matcher m = CLAUSE_END.matcher(text);
        while (m.find()) {
            marks.add(m.group(1) != null ? m.group(1) : ascii(m.group(2)));
        }
        // A text that ends without punctuation has one clause more than marks.
        boolean matched = marks.size() == clauses.size() || marks.size() == clauses.size() - 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < clauses.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(clauses.get(i));
            if (matched && i < marks.size()) {
                out.append(marks.get(i));
            }
        }
        return out.toString();
    }

    /** Full-width Chinese punctuation as the ASCII mark Piper's id maps carry. */
    private static String ascii(String mark) {
        return switch (mark) {
            case "。" -> ".";
            case "！" -> "!";
            case "？" -> "?";
            case "；" -> ";";
            case "：" -> ":";
            default -> ",";
        };
    }
}
