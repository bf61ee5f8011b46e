package org.ttsaudit.pipeline.sinks;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An idempotent upsert into one table: the row's unique key decides whether it inserts or
 * updates, so a record written twice (a replay after a restart) leaves one row. Uses
 * {@code VALUES(col)}, which both MySQL 8 and MariaDB accept (MySQL's row alias is not in MariaDB).
 */
public final class UpsertTable<T> implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Turns a record into the column values, in column order. */
    @FunctionalInterface
    public interface RowMapper<T> extends Serializable {
        Object[] toRow(T record);
    }

    public final String table;
    public final List<String> columns;
    /** The upsert of one row. */
    public final String sql;
    public final RowMapper<T> mapper;
    /**
     * Index of a column of the unique key, or -1. Rows with equal values there must land in order,
     * so a writer sends them through one connection; with -1 it uses a single connection.
     */
    public final int orderColumn;
    private final String insertInto;
    private final String onDuplicateKey;

    /** {@code keepOnUpdate}: columns written on insert only (the key, a creation time). */
    public UpsertTable(String table, List<String> columns, List<String> keepOnUpdate, RowMapper<T> mapper) {
        this(table, columns, mapper, -1, "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ",
                " ON DUPLICATE KEY UPDATE " + columns.stream().filter(c -> !keepOnUpdate.contains(c))
                        .map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", ")));
    }

    private UpsertTable(String table, List<String> columns, RowMapper<T> mapper, int orderColumn, String insertInto,
                        String onDuplicateKey) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.mapper = mapper;
        this.orderColumn = orderColumn;
        this.insertInto = insertInto;
        this.onDuplicateKey = onDuplicateKey;
        this.sql = sql(1);
    }

    /** The upsert of {@code rows} rows in one statement: the placeholders of row after row. */
    public String sql(int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return insertInto + String.join(", ", Collections.nCopies(rows, row)) + onDuplicateKey;
    }

    /**
     * The same table, written over several connections at once: {@code keyColumn} (a column of the
     * unique key the upsert resolves on) decides a row's connection, so two writes of one key never
     * race and the later one wins.
     */
    public UpsertTable<T> orderedBy(String keyColumn) {
        int index = columns.indexOf(keyColumn);
        if (index < 0) {
            throw new IllegalArgumentException(keyColumn + " is not a column of " + table + ": " + columns);
        }
        return new UpsertTable<>(table, columns, mapper, index, insertInto, onDuplicateKey);
    }
}
