package org.ttsaudit.bench.sink;

import java.util.List;
import org.ttsaudit.pipeline.records.AuditRecord;

/** One way of getting the same audit rows into {@code tts_generation_log}. */
interface Contender {
    String name();

    /** Rows written and the seconds they took, as the contender times itself. */
    record Written(int rows, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    /** Writes the rows, in order: all of them, or (the slow baseline) as many as fit in its time cap. */
    Written write(List<AuditRecord> rows) throws Exception;
}
