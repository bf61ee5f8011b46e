package org.ttsaudit.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsaudit.cli.report.ReportData.Alert;
import org.ttsaudit.cli.report.ReportData.Emotion;
import org.ttsaudit.cli.report.ReportData.ErrorCode;
import org.ttsaudit.cli.report.ReportData.Late;
import org.ttsaudit.cli.report.ReportData.ReferenceProblem;
import org.ttsaudit.cli.report.ReportData.Window;

/**
 * Report models for the tests: ten one-minute windows of two modes with a failure spike in
 * window {@link #SPIKE}, emotions, error codes, two alert episodes and late records; and the same
 * with hostile strings wherever the database supplies text.
 */
final class ReportSamples {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant GENERATED = Instant.parse("2026-03-01T12:34:56Z");
    static final int WINDOWS = 10;
    static final int SPIKE = 6;
    /** The controlled mode's window with no success, so no latency. */
    static final int NO_SUCCESS = 8;
    /** Markup that would paint the page magenta if it were not escaped. */
    static final String MAGENTA = "#ff00ff";
    static final String INJECTED = "</td></tr></table></section><div style=\"position:fixed;inset:0;background:" + MAGENTA
            + "\">x</div><svg width=\"4000\" height=\"4000\"><rect width=\"4000\" height=\"4000\" fill=\"" + MAGENTA
            + "\"/></svg><style>body{background:" + MAGENTA + " !important}</style><script>document.body.remove()</script>";
    /** Too long to fit any column, with no place to break. */
    static final String UNBROKEN = "X".repeat(400);

    private ReportSamples() {}

    static ReportData sample() {
        return build("free", "happy", "STORAGE_ERROR", "failure rate above 10% in mode free", "jdbc:mysql://db:3306/tts as tts_analyst");
    }

    static ReportData hostile() {
        return build("free", INJECTED, INJECTED + UNBROKEN, INJECTED + " " + UNBROKEN, "jdbc:mysql://db/tts as " + INJECTED);
    }

    private static ReportData build(String mode, String topEmotion, String topError, String alertMessage, String source) {
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < WINDOWS; i++) {
            Instant start = START.plus(Duration.ofMinutes(i));
            Instant end = start.plus(Duration.ofMinutes(1));
            long failures = i == SPIKE ? 24 : 1;
            windows.add(new Window(start, end, mode, 40, 40 - failures - 2, failures, 2, failures / 40.0,
                    800L + 10 * i, 1500L + 20 * i, 2400L + 30 * i));
            boolean none = i == NO_SUCCESS;
            windows.add(new Window(start, end, "controlled", 10, none ? 0 : 10 - (i == SPIKE ? 2 : 0), i == SPIKE ? 2 : 0,
                    none ? 10 : 0, i == SPIKE ? 0.2 : 0, none ? null : 900L, none ? null : 1700L, none ? null : 2600L));
        }
        windows.sort(java.util.Comparator.comparing(Window::start).thenComparing(Window::mode));
        List<Emotion> emotions = List.of(new Emotion("neutral", 150, 1.0), new Emotion(topEmotion, 120, 0.75),
                new Emotion("calm", 90, 0.5), new Emotion("angry", 40, 0.9), new Emotion("sad", 10, null));
        List<ErrorCode> errors = List.of(new ErrorCode(topError, "failed", 32), new ErrorCode("REF_AUDIO_TOO_SHORT", "rejected", 12),
                new ErrorCode("MALFORMED_JSON", "rejected", 8), new ErrorCode("TEXT_TOO_LONG", "rejected", 4));
        List<Alert> alerts = List.of(
                new Alert("latency_p95", "controlled", "warning", "firing", 12000, 10000, START.plus(Duration.ofMinutes(9)),
                        null, 65, 1, "p95 latency above 10000 ms in mode controlled"),
                new Alert("failure_rate", mode, "critical", "resolved", 0.6, 0.5, START.plus(Duration.ofMinutes(7)),
                        START.plus(Duration.ofMinutes(8)), 60, 2, alertMessage));
        List<Late> late = List.of(new Late("success", mode, 3), new Late("rejected", null, 1));
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("failed", 37L);
        outcomes.put("rejected", 30L);
        outcomes.put("success", 437L);
        List<ReferenceProblem> references = List.of(new ReferenceProblem("REF_AUDIO_TOO_SHORT", 12, 5),
                new ReferenceProblem("REF_AUDIO_NOISY", 7, 3));
        return new ReportData(GENERATED, source, null, windows, emotions, errors, alerts, late, outcomes, references);
    }

    static ReportData empty() {
        return new ReportData(GENERATED, "jdbc:mysql://db/tts as tts_analyst", START, List.of(), List.of(), List.of(),
                List.of(), List.of(), Map.of(), List.of());
    }
}
