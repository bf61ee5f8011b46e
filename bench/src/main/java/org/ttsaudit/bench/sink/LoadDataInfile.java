package org.ttsaudit.bench.sink;

import com.mysql.cj.jdbc.JdbcStatement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * The bulk loader: the rows as tab-separated text (made inside the timed part), streamed to the
 * server by one {@code LOAD DATA LOCAL INFILE}. No upsert, no per-batch commits: the upper bound.
 */
final class LoadDataInfile implements Contender {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private final String url;
    private final String user;
    private final String password;

    LoadDataInfile(String url, String user, String password) {
        this.url = url + "&allowLoadLocalInfile=true";
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "LOAD DATA LOCAL INFILE";
    }

    @Override
    public Written write(List<AuditRecord> rows) throws Exception {
        long start = System.nanoTime();
        byte[] tsv = tsv(rows);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.unwrap(JdbcStatement.class).setLocalInfileInputStream(new ByteArrayInputStream(tsv));
            long loaded = s.executeLargeUpdate("LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE " + AuditLogTable.TABLE
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                    + Columns.LIST + ")");
            return new Written((int) loaded, Runs.seconds(start));
        }
    }

    private static byte[] tsv(List<AuditRecord> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 600);
        StringBuilder line = new StringBuilder(1024);
        for (AuditRecord record : rows) {
            line.setLength(0);
            Object[] values = Columns.values(record);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                field(line, values[i]);
            }
            line.append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void field(StringBuilder line, Object value) {
        if (value == null) {
            line.append("\\N");
        } else if (value instanceof LocalDateTime t) {
            line.append(DATETIME.format(t));
        } else if (value instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\\' -> line.append("\\\\");
                    default -> line.append(ch);
                }
            }
        } else {
            line.append(value);
        }
    }
}
