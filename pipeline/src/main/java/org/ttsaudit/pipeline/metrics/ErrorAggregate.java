package org.ttsaudit.pipeline.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.ErrorWindowRow;

/** Requests per window and error code. */
public final class ErrorAggregate implements AggregateFunction<AuditRecord, ErrorAggregate.Acc, ErrorAggregate.Acc> {
    private static final long serialVersionUID = 1L;

    public static class Acc {
        public long requests;
        public String status;

        public Acc() {}
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(AuditRecord r, Acc acc) {
        acc.requests++;
        acc.status = r.status;
        return acc;
    }

    @Override
    public Acc getResult(Acc acc) {
        return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        a.requests += b.requests;
        a.status = a.status != null ? a.status : b.status;
        return a;
    }

    static ErrorWindowRow row(String code, long start, long end, Acc acc) {
        ErrorWindowRow row = new ErrorWindowRow();
        row.windowStart = start;
        row.windowEnd = end;
        row.errorCode = code;
        row.status = acc.status;
        row.requests = acc.requests;
        row.updatedAt = System.currentTimeMillis();
        return row;
    }
}
