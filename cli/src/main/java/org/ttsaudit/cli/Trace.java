package org.ttsaudit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.models.audio.WavFormatException;
import org.ttsaudit.models.watermark.Payload;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel.Verification;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.JdbcSettings;

/**
 * {@code ./tts trace FILE.wav}: from a clip back to its request. Reads the clip's provenance label
 * and checks its MAC with the configured keys; with a database configured, also reads the request's
 * audit row as {@code mysql.user} (the columns an analyst sees: all but {@code ref_audio_url}, text
 * masked as stored), which takes a reason, recorded in {@link AccessLog} before the row is shown.
 * A clip without its label (stripped, re-encoded, resampled) or whose label does not verify is
 * traced by its watermark instead: a hash of its request id and the hour it was made in.
 */
final class Trace {
    static final String ACTION = "trace";
    /** Exit codes besides 0 (traced), 1 (failed: database, file) and 2 (usage, refusal). */
    static final int NO_LABEL = 3;
    static final int NOT_VERIFIED = 4;
    /** The log's columns an analyst may read (sql/roles.sql): every one but the encrypted reference. */
    static final List<String> COLUMNS = AuditLogTable.COLUMNS.stream().filter(c -> !c.equals("ref_audio_url")).toList();
    /** event_time is stored in UTC (DATETIME), compared here as text so no driver time zone applies. */
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Trace() {}

    /** Prints what the clip says and, with a database, its audit row; returns the exit code. */
    static int run(Configuration config, Path file, String reason, PrintStream out) throws IOException, SQLException {
        boolean database = config.getOptional(TtsOptions.MYSQL_URL).filter(u -> !u.isBlank()).isPresent();
        // refused before the file, the key or the database is touched, as decrypt-ref
        String why = database ? AccessLog.requireReason(ACTION, reason) : null;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        byte[] wav = Files.readAllBytes(file);
        ProvenanceLabel provenance = ProvenanceLabel.source(config).open();
        Verification v;
        Wav.Decoded decoded;
        try {
            v = provenance.verify(wav);
            decoded = Wav.decode(wav);
        } catch (WavFormatException e) {
            throw new IllegalArgumentException(file + " is not a WAV file we can read: " + e.getMessage());
        }
        if (v.outcome() != ProvenanceLabel.Outcome.VERIFIED) {
            out.println(v.outcome() == ProvenanceLabel.Outcome.NO_LABEL
                    ? "no provenance label in " + file + " (no GB 45438-2025 AIGC comment in a LIST/INFO chunk): "
                            + "the file was not stored by this service, or its metadata was stripped (re-encoded, converted)."
                    : notVerified(v));
            Optional<ProvenanceLabel.Found> mark = provenance.detect(decoded.samples(), decoded.sampleRate());
            if (mark.isEmpty()) {
                out.println("no watermark found either (under any configured key): nothing ties this audio to a request of ours.");
                return v.outcome() == ProvenanceLabel.Outcome.NO_LABEL ? NO_LABEL : NOT_VERIFIED;
            }
            int traced = traceWatermark(config, mark.get(), why, out);
            // a label that does not verify stays exit 4 even when the watermark names the request
            return traced == 0 && v.outcome() != ProvenanceLabel.Outcome.NO_LABEL ? NOT_VERIFIED : traced;
        }
        ProvenanceLabel.Fields f = v.fields();
        Map<String, Object> row = database ? auditRow(config, f.produceId(), why) : null;
        out.println("request_id: " + f.produceId());
        out.println("provider: " + f.contentProducer());
        out.println("label: " + f.label() + (ProvenanceLabel.GENERATED.equals(f.label()) ? " (AI-generated)" : ""));
        out.println("mac: verified (key " + v.keyId() + ")");
        if (row == null) {
            out.println("audit row: not read (no mysql.url configured)");
        } else {
            out.println("audit row (" + AuditLogTable.TABLE + "):");
            row.forEach((column, value) -> out.println("  " + column + ": " + (value == null ? "" : value)));
        }
        return 0;
    }

    private static String notVerified(Verification v) {
        ProvenanceLabel.Fields f = v.fields();
        return "provenance label NOT verified: it claims request_id " + f.produceId() + " by "
                + f.contentProducer() + ", but " + (v.outcome() == ProvenanceLabel.Outcome.ALTERED
                ? "its MAC does not match: the label or the audio was altered, or the label was copied from another clip"
                : v.keyId() == null ? "its MAC (ReservedCode1) is missing or not ours"
                : "its MAC names key '" + v.keyId() + "', which is not configured here (another deployment's key, "
                        + "or a key no longer configured)")
                + ". Do not rely on the request id it claims.";
    }

    /**
     * What the watermark says: the hash of a request id and the hour it was made in. With a database,
     * the requests of that hour (every hour with the same value modulo 2^16, about 7.5 years apart,
     * up to now) whose id hashes alike, each row read with its access row.
     */
    private static int traceWatermark(Configuration config, ProvenanceLabel.Found found, String reason, PrintStream out)
            throws SQLException {
        Payload p = found.detection().payload();
        List<Instant> hours = hours(p.hour(), Instant.now());
        out.println(String.format("watermark: found (key %s, sync score %.1f): request hash %d, made in the hour from %s "
                + "(or another hour 2^16 hours apart)", found.keyId(), found.detection().score(), p.requestHash(),
                hours.isEmpty() ? "?" : hours.get(0)));
        if (reason == null) {
            out.println("audit rows: not read (no mysql.url configured); with a database, trace lists the requests of "
                    + "that hour whose id has this hash");
            return 0;
        }
        List<String> ids = new ArrayList<>();
        try (Connection c = JdbcSettings.from(config).connect(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id FROM " + AuditLogTable.TABLE + " WHERE event_time >= ? AND event_time < ?")) {
            for (Instant hour : hours) {
                s.setString(1, SQL_TIME.format(hour));
                s.setString(2, SQL_TIME.format(hour.plusSeconds(3600)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (found.watermark().matches(p, rs.getString(1))) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            out.println("no request of that hour in " + AuditLogTable.TABLE + " has this hash (deleted by retention, "
                    + "or another database)");
            return NO_LABEL;
        }
        for (String id : ids) {
            out.println("request_id: " + id + (ids.size() > 1 ? " (one of " + ids.size() + " whose id has this hash)" : ""));
            out.println("audit row (" + AuditLogTable.TABLE + "):");
            auditRow(config, id, reason).forEach((column, value) -> out.println("  " + column + ": " + (value == null ? "" : value)));
        }
        return 0;
    }

    /** The starts of the hours, newest first, whose number since the epoch is {@code hour} modulo 2^16, up to {@code now}. */
    static List<Instant> hours(int hour, Instant now) {
        long newest = now.getEpochSecond() / 3600;
        List<Instant> out = new ArrayList<>();
        for (long h = newest - Math.floorMod(newest - hour, 1L << Payload.HOUR_BITS); h >= 0; h -= 1L << Payload.HOUR_BITS) {
            out.add(Instant.ofEpochSecond(h * 3600));
        }
        return out;
    }

    /** The row, read in one transaction with its access row, which is committed before the row is returned. */
    private static Map<String, Object> auditRow(Configuration config, String requestId, String reason) throws SQLException {
        try (Connection c = JdbcSettings.from(config).connect()) {
            c.setAutoCommit(false);
            Map<String, Object> row = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", COLUMNS) + " FROM "
                    + AuditLogTable.TABLE + " WHERE request_id = ?")) {
                s.setString(1, requestId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("the label verifies, but no row of " + AuditLogTable.TABLE
                                + " has request_id '" + requestId + "' (deleted by retention, or another database)");
                    }
                    for (String column : COLUMNS) {
                        row.put(column, rs.getObject(column));
                    }
                }
            }
            AccessLog.record(c, ACTION, requestId, reason);
            c.commit();
            return row;
        }
    }
}
