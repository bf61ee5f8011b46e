package org.ttsaudit.bench.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ttsaudit.bench.Runs;

/**
 * How the job came back once the load dropped, from the requests sent after the drop: when the
 * last one that was not served normally (expired, or slower than the bound) got its result, and
 * the latency of the requests sent at the end of the phase.
 */
record Recovery(double seconds, boolean recovered, int late, int expired, int fresh, double p50, double p99, int tail) {

    /** Requests sent in [drop, end); "the end" is its last {@code tailMs}; normal is at most {@code boundMs}. */
    static Recovery of(ResultWatcher.Results r, long drop, long end, long tailMs, long boundMs) {
        long lastLate = drop;
        long lastLateSent = Long.MIN_VALUE;
        int late = 0;
        int expired = 0;
        int fresh = 0;
        List<Double> tail = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            long sent = r.sent()[i];
            if (sent < drop || sent >= end) {
                continue;
            }
            fresh++;
            boolean isExpired = r.outcome()[i] == ResultWatcher.EXPIRED;
            if (isExpired || r.latency(i) > boundMs) {
                late++;
                expired += isExpired ? 1 : 0;
                lastLate = Math.max(lastLate, r.seen()[i]);
                lastLateSent = Math.max(lastLateSent, sent);
            }
            if (sent >= end - tailMs) {
                tail.add((double) r.latency(i));
            }
        }
        double[] latency = tail.stream().mapToDouble(Double::doubleValue).toArray();
        return new Recovery((lastLate - drop) / 1000.0, lastLateSent < end - tailMs, late, expired, fresh,
                percentile(latency, 50), percentile(latency, 99), latency.length);
    }

    private static double percentile(double[] values, double p) {
        return values.length == 0 ? Double.NaN : Runs.percentile(values, p);
    }

    String summary() {
        return String.format(Locale.ROOT, "%s %.1f s after the load dropped (%d of %d fresh requests late, %d of them expired)",
                recovered ? "fresh requests served normally again" : "NOT recovered by the end of the phase; the last late result came",
                seconds, late, fresh, expired);
    }
}
