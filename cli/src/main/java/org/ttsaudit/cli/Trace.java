package org.ttsaudit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.models.audio.WavFormatException;
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
 * The watermark (a label that survives re-encoding) is not built yet: a clip without its label
 * cannot be traced.
 */
final class Trace {
    static final String ACTION = "trace";
    /** Exit codes besides 0 (traced), 1 (failed: database, file) and 2 (usage, refusal). */
    static final int NO_LABEL = 3;
    static final int NOT_VERIFIED = 4;
    /** The log's columns an analyst may read (sql/roles.sql): every one but the encrypted reference. */
    static final List<String> COLUMNS = AuditLogTable.COLUMNS.stream().filter(c -> !c.equals("ref_audio_url")).toList();

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
        Verification v;
        try {
            v = ProvenanceLabel.source(config).open().verify(wav);
        } catch (WavFormatException e) {
            throw new IllegalArgumentException(file + " is not a WAV file we can read: " + e.getMessage());
        }
        switch (v.outcome()) {
            case NO_LABEL -> {
                out.println("no provenance label in " + file + " (no GB 45438-2025 AIGC comment in a LIST/INFO chunk): "
                        + "the file was not stored by this service, or its metadata was stripped (re-encoded, converted). "
                        + "Watermark detection, which would find a stripped clip, is not available yet.");
                return NO_LABEL;
            }
            case ALTERED, UNKNOWN_KEY -> {
                ProvenanceLabel.Fields f = v.fields();
                out.println("provenance label NOT verified: it claims request_id " + f.produceId() + " by "
                        + f.contentProducer() + ", but " + (v.outcome() == ProvenanceLabel.Outcome.ALTERED
                        ? "its MAC does not match: the label or the audio was altered, or the label was copied from another clip"
                        : v.keyId() == null ? "its MAC (ReservedCode1) is missing or not ours"
                        : "its MAC names key '" + v.keyId() + "', which is not configured here (another deployment's key, "
                                + "or a key no longer configured)")
                        + ". Do not rely on the request id.");
                return NOT_VERIFIED;
            }
            default -> {
                // VERIFIED, below
            }
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
