package org.ttsaudit.bench.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.pipeline.records.AuditRecord;

/** Plain JDBC: one connection, batched inserts rewritten into multi-row statements, one commit per batch. */
final class JdbcBatchInsert implements Contender {
    private final String url;
    private final String user;
    private final String password;
    private final int batchSize;

    JdbcBatchInsert(String url, String user, String password, int batchSize) {
        this.url = url + "&rewriteBatchedStatements=true";
        this.user = user;
        this.password = password;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "JDBC batch insert (" + batchSize + "/batch, rewriteBatchedStatements)";
    }

    @Override
    public Written write(List<AuditRecord> rows) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = c.prepareStatement(Columns.INSERT)) {
            c.setAutoCommit(false);
            int pending = 0;
            for (AuditRecord record : rows) {
                Object[] values = Columns.values(record);
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.addBatch();
                if (++pending == batchSize) {
                    insert.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
                c.commit();
            }
            return new Written(rows.size(), Runs.seconds(start));
        }
    }
}
