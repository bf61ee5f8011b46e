package org.ttsaudit.bench.sink;

import java.util.Collections;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.UpsertStatement;

/** The audit table's columns and row mapping, taken from the sink so every contender writes the same values. */
final class Columns {
    static final UpsertStatement<AuditRecord> TABLE = AuditLogTable.upsert();
    static final String LIST = String.join(", ", AuditLogTable.COLUMNS);
    /** A plain insert, as the baselines write it (the sink's statement adds ON DUPLICATE KEY UPDATE). */
    static final String INSERT = "INSERT INTO " + AuditLogTable.TABLE + " (" + LIST + ") VALUES ("
            + String.join(", ", Collections.nCopies(AuditLogTable.COLUMNS.size(), "?")) + ")";

    private Columns() {}

    static Object[] values(AuditRecord record) {
        return TABLE.mapper.toRow(record);
    }
}
