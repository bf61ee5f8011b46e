package org.ttsaudit.pipeline.generator;

import java.util.List;

/** The hostile values the corpus puts into requests, as Java strings (JSON escaping is the writer's). */
final class HostileValues {
    /**
     * Control and format characters: C0 and C1 controls, DEL, bidi embeddings, overrides and
     * isolates, zero-width space, joiners and marks, soft hyphen, word joiner, BOM.
     */
    static final List<String> INVISIBLE = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u001b", "\u007f",
            "\u0085", "\u009b", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
            "\u00ad", "\u2060", "\ufeff");
    /** Terminal escape sequences: colour, clear screen, set the window title. */
    static final List<String> ESCAPE_SEQUENCES = List.of("\u001b[31m", "\u001b[0m", "\u001b[2J\u001b[H",
            "\u001b]0;owned\u0007", "\u001b[1A\u001b[K");
    /** Emoji as people send them: with skin tones, ZWJ sequences, flags, variation selectors, a keycap '#'. */
    static final List<String> EMOJI = List.of("😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇨🇳", "❤️", "🤷‍♀️", "#️⃣", "🫠",
            "🧑🏿‍💻", "🐉", "🎉🎉🎉");
    /** Combining marks with nothing to combine with, and enclosing ones. */
    static final List<String> COMBINING = List.of("\u0301", "\u0308\u0323", "\u20dd", "\u0489", "\u0336\u0336\u0336",
            "\u035c\u0361");
    /** Letters of scripts the synthesizer does not read. */
    static final List<String> OTHER_SCRIPTS = List.of("привет мир", "مرحبا بالعالم", "안녕하세요", "こんにちは",
            "שלום עולם", "γειά σου κόσμε", "สวัสดีครับ");
    /**
     * SQL that would do harm if it were ever spliced into a statement. Each has a space, so none
     * is a URI or a request id; each has letters, so as text it is speakable.
     */
    static final List<String> SQL = List.of("'; DROP TABLE tts_generation_log; --", "\" OR \"1\"=\"1",
            "1' OR '1'='1", "'); DELETE FROM tts_alerts; --", "' UNION SELECT user, password FROM mysql.user --",
            "\\'; SHUTDOWN; --", "1; SELECT SLEEP(10) --", "%' AND 1=0 UNION SELECT NULL, NULL --",
            "`; TRUNCATE tts_failure_metrics; #", "/*!50000 DROP DATABASE tts*/ x", "Robert'); DROP TABLE students;--",
            "'||(SELECT CHAR(65) FROM DUAL)||' a", "1'; UPDATE tts_generation_log SET status='success' WHERE '1'='1");

    private HostileValues() {}
}
