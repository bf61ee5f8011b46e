package org.ttsaudit.bench.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.pipeline.records.AuditRecord;

/**
 * The original design's writer: per row, a {@code SELECT 1} to check the connection, then one
 * autocommitted insert. Slow enough that it writes the rows it reaches within a time cap.
 */
final class RowPerTransaction implements Contender {
    private final String url;
    private final String user;
    private final String password;
    private final double capSeconds;

    RowPerTransaction(String url, String user, String password, double capSeconds) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.capSeconds = capSeconds;
    }

    @Override
    public String name() {
        return "one transaction per row + SELECT 1";
    }

    @Override
    public Written write(List<AuditRecord> rows) throws Exception {
        long start = System.nanoTime();
        long deadline = System.nanoTime() + (long) (capSeconds * 1e9);
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement ping = c.createStatement();
             PreparedStatement insert = c.prepareStatement(Columns.INSERT)) {
            c.setAutoCommit(true);
            int written = 0;
            for (AuditRecord record : rows) {
                try (ResultSet rs = ping.executeQuery("SELECT 1")) {
                    rs.next();
                }
                Object[] values = Columns.values(record);
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
                written++;
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            return new Written(written, Runs.seconds(start));
        }
    }
}
