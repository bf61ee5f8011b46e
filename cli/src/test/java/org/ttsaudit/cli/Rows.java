package org.ttsaudit.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.ttsaudit.pipeline.sinks.UpsertTable;

/** Writes a row with the job's own upsert statement, for tests that set up tables by hand. */
public final class Rows {
    private Rows() {}

    public static <T> void upsert(Connection c, UpsertTable<T> table, T row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.sql)) {
            Object[] values = table.mapper.toRow(row);
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }
}
