package org.ttsaudit.cli.summary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs the analyst queries shipped in {@code sql/queries/} exactly as written there. */
public final class AnalystQueries {
    public static final String DAILY_FAILURE_RATE = "daily_failure_rate";
    public static final String USER_RECENT_REQUESTS = "user_recent_requests";
    public static final String KEYWORD_SEARCH = "keyword_search";
    public static final String TOP_EMOTION_DESCRIPTIONS = "top_emotion_descriptions";

    /** Column names and rows of a result, values as the driver returns them. */
    public record Table(List<String> columns, List<List<Object>> rows) {}

    private AnalystQueries() {}

    public static String sql(String name) {
        String resource = "/sql/queries/" + name + ".sql";
        try (InputStream in = AnalystQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no query " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll(";$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a result set (the whole of it, or the current row). */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a shipped query with positional parameters; each row through {@code row}. */
    public static <T> List<T> query(Connection connection, String name, Reader<T> row, Object... parameters)
            throws SQLException {
        return execute(connection, name, parameters, rs -> {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        });
    }

    public static Table run(Connection connection, String name, Object... parameters) throws SQLException {
        return execute(connection, name, parameters, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                columns.add(meta.getColumnLabel(c));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns.size(); c++) {
                    row.add(rs.getObject(c));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        });
    }

    private static <T> T execute(Connection connection, String name, Object[] parameters, Reader<T> result)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(name))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return result.read(rs);
            }
        }
    }

    /** A plain-text rendering, cells cut to a readable width. */
    public static String format(Table table) {
        int n = table.columns().size();
        int[] width = new int[n];
        List<List<String>> cells = new ArrayList<>();
        cells.add(table.columns());
        for (List<Object> row : table.rows()) {
            cells.add(row.stream().map(v -> cut(String.valueOf(v))).toList());
        }
        for (List<String> row : cells) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], display(row.get(c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : cells) {
            sb.append("  ");
            for (int c = 0; c < n; c++) {
                String cell = row.get(c);
                sb.append(cell).append(" ".repeat(width[c] - display(cell) + 2));
            }
            sb.append('\n');
        }
        if (table.rows().isEmpty()) {
            sb.append("  (no rows)\n");
        }
        return sb.toString();
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }

    /** Terminal columns: CJK characters take two. */
    private static int display(String s) {
        return s.codePoints().map(cp -> cp >= 0x1100 && Character.UnicodeScript.of(cp) != Character.UnicodeScript.LATIN ? 2 : 1).sum();
    }
}
