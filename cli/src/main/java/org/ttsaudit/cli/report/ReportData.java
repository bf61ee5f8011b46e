package org.ttsaudit.cli.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one report shows, read from the aggregate tables, the alert history, the late-record
 * list and the analysts' view of the log. Strings are as the database holds them (not escaped).
 *
 * @param generatedAt when the page was made
 * @param source where the data came from (JDBC URL and user, never a password)
 * @param since the start of the event-time range asked for; null for everything in the tables
 * @param windows one row per window and mode, oldest first
 * @param emotions requests per dominant emotion, most first
 * @param errorCodes requests per error code, most first
 * @param alerts alert episodes, newest first
 * @param late records too late for their window, by status and mode
 * @param outcomes requests per status in the raw log (through the analysts' view)
 * @param references reference-clip problems by kind (the analyst query bad_reference_audio), most first
 */
public record ReportData(Instant generatedAt, String source, Instant since, List<Window> windows,
                         List<Emotion> emotions, List<ErrorCode> errorCodes, List<Alert> alerts, List<Late> late,
                         Map<String, Long> outcomes, List<ReferenceProblem> references) {

    /** A row of tts_failure_metrics; latencies are null when the window had no success. */
    public record Window(Instant start, Instant end, String mode, long requests, long successes, long failures,
                         long rejections, double failureRate, Long p50Ms, Long p95Ms, Long p99Ms) {}

    public record Emotion(String emotion, long requests, Double meanIntensity) {}

    public record ErrorCode(String code, String status, long requests) {}

    /** An episode of tts_alerts; resolvedAt is null while it fires. */
    public record Alert(String rule, String mode, String severity, String state, double observed, double threshold,
                        Instant firedAt, Instant resolvedAt, long durationSeconds, int notifications, String message) {}

    public record Late(String status, String mode, long records) {}

    /** Requests whose reference clip was rejected for {@code problem} (an error code), or accepted but near the gate. */
    public record ReferenceProblem(String problem, long requests, long users) {}
}
