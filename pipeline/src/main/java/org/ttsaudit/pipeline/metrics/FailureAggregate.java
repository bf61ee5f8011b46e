package org.ttsaudit.pipeline.metrics;

import java.util.Arrays;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.FailureWindowRow;
import org.ttsaudit.pipeline.records.Status;

/** Outcomes, risk-flagged requests, latency and audio per window and mode. Latency percentiles are exact (nearest rank). */
public final class FailureAggregate implements AggregateFunction<AuditRecord, FailureAggregate.Acc, FailureAggregate.Acc> {
    private static final long serialVersionUID = 1L;

    /** Flink POJO accumulator; latencies of successful requests in a growable array. */
    public static class Acc {
        public long requests;
        public long successes;
        public long failures;
        public long rejections;
        public long riskFlagged;
        public long[] latencies = new long[0];
        public int latencyCount;
        public double rtfSum;
        public long rtfCount;
        public long audioMs;

        public Acc() {}
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(AuditRecord r, Acc acc) {
        acc.requests++;
        if (r.riskFlags != null) {
            acc.riskFlagged++;
        }
        switch (r.status) {
            case Status.SUCCESS -> {
                acc.successes++;
                if (r.totalMs != null) {
                    addLatency(acc, r.totalMs);
                }
                if (r.realTimeFactor != null) {
                    acc.rtfSum += r.realTimeFactor;
                    acc.rtfCount++;
                }
                if (r.achievedDurationMs != null) {
                    acc.audioMs += r.achievedDurationMs;
                }
            }
            case Status.FAILED -> acc.failures++;
            default -> acc.rejections++;
        }
        return acc;
    }

    private static void addLatency(Acc acc, long ms) {
        if (acc.latencyCount == acc.latencies.length) {
            acc.latencies = Arrays.copyOf(acc.latencies, Math.max(16, acc.latencies.length * 2));
        }
        acc.latencies[acc.latencyCount++] = ms;
    }

    @Override
    public Acc getResult(Acc acc) {
        return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        a.requests += b.requests;
        a.successes += b.successes;
        a.failures += b.failures;
        a.rejections += b.rejections;
        a.riskFlagged += b.riskFlagged;
        for (int i = 0; i < b.latencyCount; i++) {
            addLatency(a, b.latencies[i]);
        }
        a.rtfSum += b.rtfSum;
        a.rtfCount += b.rtfCount;
        a.audioMs += b.audioMs;
        return a;
    }

    static FailureWindowRow row(String mode, long start, long end, Acc acc) {
        FailureWindowRow row = new FailureWindowRow();
        row.windowStart = start;
        row.windowEnd = end;
        row.mode = mode;
        row.requests = acc.requests;
        row.successes = acc.successes;
        row.failures = acc.failures;
        row.rejections = acc.rejections;
        row.riskFlagged = acc.riskFlagged;
        row.failureRate = acc.requests == 0 ? 0 : (double) acc.failures / acc.requests;
        long[] sorted = Arrays.copyOf(acc.latencies, acc.latencyCount);
        Arrays.sort(sorted);
        row.latencyP50Ms = percentile(sorted, 50);
        row.latencyP95Ms = percentile(sorted, 95);
        row.latencyP99Ms = percentile(sorted, 99);
        row.meanRealTimeFactor = acc.rtfCount == 0 ? null : acc.rtfSum / acc.rtfCount;
        row.audioSeconds = acc.audioMs / 1000.0;
        row.updatedAt = System.currentTimeMillis();
        return row;
    }

    /** Nearest rank: the smallest value with at least p% of values at or below it. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
