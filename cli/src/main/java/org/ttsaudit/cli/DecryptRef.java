package org.ttsaudit.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.security.RefKeySource;
import org.ttsaudit.pipeline.security.RefVault;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.JdbcSettings;

/**
 * {@code ./tts decrypt-ref}: one request's reference URL read back for an auditor. It takes two
 * grants: a database account that may read {@code ref_audio_url} and write the access log (the
 * auditor role of sql/roles.sql; analysts cannot) and the keys (env TTS_REF_KEY or
 * refaudio.key-file); and a reason, recorded in {@link AccessLog} before the URL is returned.
 */
final class DecryptRef {
    static final String ACTION = "decrypt-ref";

    private DecryptRef() {}

    static String decrypt(Configuration config, String requestId, String reason) throws SQLException {
        String why = AccessLog.requireReason(ACTION, reason);
        RefVault vault = RefKeySource.from(config).open();
        try (Connection c = JdbcSettings.from(config).connect()) {
            // One transaction for the read and its access row: the URL is returned only once the row is
            // committed; a failure before that closes the connection, and the server rolls the row back.
            c.setAutoCommit(false);
            String url = vault.decrypt(token(c, requestId));
            AccessLog.record(c, ACTION, requestId, why);
            c.commit();
            return url;
        }
    }

    private static String token(Connection c, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ref_audio_url FROM " + AuditLogTable.TABLE + " WHERE request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no row of " + AuditLogTable.TABLE + " has request_id '" + requestId + "'");
                }
                String token = rs.getString(1);
                if (token == null) {
                    throw new IllegalArgumentException("request '" + requestId + "' was logged without a ref_audio_url");
                }
                return token;
            }
        }
    }
}
