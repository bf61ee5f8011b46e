package org.ttsaudit.pipeline.sinks;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * An idempotent upsert into one table, as the statement flink-connector-jdbc's {@code JdbcSink}
 * runs for each record: the row's unique key decides whether it inserts or updates, so a record
 * written twice (a replay after a restart) leaves one row. Uses {@code VALUES(col)}, which both
 * MySQL 8 and MariaDB accept (MySQL's row alias is not in MariaDB).
 */
public final class UpsertStatement<T> implements JdbcQueryStatement<T> {
    private static final long serialVersionUID = 3L;

    /** Turns a record into the column values, in column order. */
    @FunctionalInterface
    public interface RowMapper<T> extends java.io.Serializable {
        Object[] toRow(T record);
    }

    public final String table;
    public final List<String> columns;
    public final RowMapper<T> mapper;
    private final List<String> keepOnUpdate;
    private final String sql;

    /** {@code keepOnUpdate}: columns written on insert only (the key, a creation time). */
    public UpsertStatement(String table, List<String> columns, List<String> keepOnUpdate, RowMapper<T> mapper) {
        this(table, columns, keepOnUpdate, mapper, null, null);
    }

    private UpsertStatement(String table, List<String> columns, List<String> keepOnUpdate, RowMapper<T> mapper,
                            String finalColumn, String finalValue) {
        for (String kept : keepOnUpdate) {
            requireColumn(table, columns, kept);
        }
        this.table = table;
        this.columns = List.copyOf(columns);
        this.mapper = mapper;
        this.keepOnUpdate = List.copyOf(keepOnUpdate);
        List<String> updated = columns.stream().filter(c -> !keepOnUpdate.contains(c)).collect(Collectors.toList());
        String update;
        if (finalColumn == null) {
            update = updated.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
        } else {
            // MySQL and MariaDB assign left to right, each later expression seeing the earlier ones'
            // new values: the guarding column goes last, so every test reads the stored value.
            requireColumn(table, columns, finalColumn);
            updated.remove(finalColumn);
            updated.add(finalColumn);
            String keep = finalColumn + " = '" + finalValue + "' AND VALUES(" + finalColumn + ") <> '" + finalValue + "'";
            update = updated.stream().map(c -> c + " = IF(" + keep + ", " + c + ", VALUES(" + c + "))")
                    .collect(Collectors.joining(", "));
        }
        this.sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ") ON DUPLICATE KEY UPDATE " + update;
    }

    /**
     * The same upsert, except that a stored row whose {@code column} holds {@code value} is not
     * replaced by one whose {@code column} holds another: a replay that ends differently (a success
     * that now fails) cannot flip it, while a replay that ends the same still updates the row, so
     * it matches the window aggregates, which count the replayed attempt. {@code value} is a
     * constant of the code, never data.
     */
    public UpsertStatement<T> keepingRowsWhere(String column, String value) {
        if (!value.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a plain word is expected, got " + value);
        }
        return new UpsertStatement<>(table, columns, keepOnUpdate, mapper, column, value);
    }

    private static void requireColumn(String table, List<String> columns, String column) {
        if (!columns.contains(column)) {
            throw new IllegalArgumentException(column + " is not a column of " + table + ": " + columns);
        }
    }

    @Override
    public String query() {
        return sql;
    }

    /** The typed setters skip the driver's lookup of a type for every value; anything else goes by setObject. */
    @Override
    public void statement(PreparedStatement statement, T record) throws SQLException {
        Object[] row = mapper.toRow(record);
        for (int i = 0; i < row.length; i++) {
            int parameter = i + 1;
            Object value = row[i];
            if (value == null) {
                statement.setNull(parameter, Types.NULL);
            } else if (value instanceof String s) {
                statement.setString(parameter, s);
            } else if (value instanceof Long l) {
                statement.setLong(parameter, l);
            } else if (value instanceof Integer n) {
                statement.setInt(parameter, n);
            } else if (value instanceof Double d) {
                statement.setDouble(parameter, d);
            } else {
                statement.setObject(parameter, value);
            }
        }
    }
}
