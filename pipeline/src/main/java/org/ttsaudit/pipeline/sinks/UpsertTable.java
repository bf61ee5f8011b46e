package org.ttsaudit.pipeline.sinks;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An idempotent upsert into one table: the row's unique key decides whether it inserts or
 * updates, so a record written twice (a replay after a restart) leaves one row. Uses
 * {@code VALUES(col)}, which both MySQL 8 and MariaDB accept (MySQL's row alias is not in MariaDB).
 */
public final class UpsertTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Turns a record into the column values, in column order. */
    @FunctionalInterface
    public interface RowMapper<T> extends Serializable {
        Object[] toRow(T record);
    }

    public final String table;
    public final List<String> columns;
    public final String sql;
    public final RowMapper<T> mapper;

    /** {@code keepOnUpdate}: columns written on insert only (the key, a creation time). */
    public UpsertTable(String table, List<String> columns, List<String> keepOnUpdate, RowMapper<T> mapper) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.mapper = mapper;
        this.sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON DUPLICATE KEY UPDATE "
                + columns.stream().filter(c -> !keepOnUpdate.contains(c))
                        .map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    }
}
