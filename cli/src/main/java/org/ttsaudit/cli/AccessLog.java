package org.ttsaudit.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The trail of reads of protected data, {@code tts_access_log} (migration V7): who (the database
 * account and the operating-system user), when, which request and why. A command adds its row in
 * the transaction of its read and commits before it shows anything, so nothing is shown without a
 * row. sql/roles.sql keeps the table append-only: no role may change or delete a row.
 */
final class AccessLog {
    static final String TABLE = "tts_access_log";
    /** The size of the reason column, in characters: a ticket or case reference and a sentence. */
    static final int MAX_REASON = 500;

    private AccessLog() {}

    /**
     * The reason as given (the reader's own words, kept as written), or a refusal that says what to
     * add when it is missing or blank, or longer than the column (refused rather than cut short).
     */
    static String requireReason(String action, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(action + " needs --reason TEXT: why you read this (a ticket or case, "
                    + "e.g. --reason \"ticket 123\"); it is recorded in " + TABLE);
        }
        int length = reason.codePointCount(0, reason.length());
        if (length > MAX_REASON) {
            throw new IllegalArgumentException("--reason has " + length + " characters; at most " + MAX_REASON);
        }
        return reason;
    }

    /**
     * Adds one row in {@code connection}'s current transaction; the caller commits it with its read.
     * The server names the account (CURRENT_USER(), USER()) and stamps the time.
     */
    static void record(Connection connection, String action, String requestId, String reason) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + TABLE
                + " (db_user, db_login, os_user, os_host, action, request_id, reason)"
                + " VALUES (CURRENT_USER(), USER(), ?, ?, ?, ?, ?)")) {
            s.setString(1, System.getProperty("user.name"));
            s.setString(2, hostName());
            s.setString(3, action);
            s.setString(4, requestId);
            s.setString(5, reason);
            s.executeUpdate();
        }
    }

    /** This host's name; a host that cannot name itself is still recorded, as such. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
