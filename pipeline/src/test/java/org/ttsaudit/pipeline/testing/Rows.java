package org.ttsaudit.pipeline.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.ttsaudit.pipeline.sinks.UpsertStatement;

/** Writes a row with the job's own upsert statement, for tests that set up tables by hand. */
public final class Rows {
    private Rows() {}

    public static <T> void upsert(Connection c, UpsertStatement<T> table, T row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.query())) {
            table.statement(s, row);
            s.executeUpdate();
        }
    }
}
