package org.ttsaudit.bench.overload;

import java.util.ArrayList;
import java.util.List;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Table;

/** The overload run in 5-second steps: what was sent, how it ended, latency and memory. */
final class Timeline {
    static final String[] HEADER = {"t (s)", "phase", "sent/s", "successes/s", "expired/s", "other outcomes/s",
        "successes: latency p50 ms",
        "live heap MiB", "heap in use, peak MiB", "heap committed, peak MiB", "VmRSS peak MiB"};
    private static final long STEP_MS = 5_000;

    private Timeline() {}

    static List<String[]> rows(ResultWatcher.Results r, List<MemorySampler.Sample> memory, Phases p) {
        long end = p.end();
        for (long seen : r.seen()) {
            end = Math.max(end, seen + 1);
        }
        List<String[]> rows = new ArrayList<>();
        // Steps aligned on the start of the overload, so that no step mixes the normal load before it with the overload.
        long first = p.overload() - (p.overload() - p.before() + STEP_MS - 1) / STEP_MS * STEP_MS;
        for (long from = first; from < end; from += STEP_MS) {
            long to = from + STEP_MS;
            int sent = 0;
            int[] outcomes = new int[4];
            List<Double> latency = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                sent += r.sent()[i] >= from && r.sent()[i] < to ? 1 : 0;
                if (r.seen()[i] >= from && r.seen()[i] < to) {
                    outcomes[r.outcome()[i]]++;
                    if (r.outcome()[i] == ResultWatcher.SUCCESS) {
                        latency.add((double) r.latency(i));
                    }
                }
            }
            double seconds = STEP_MS / 1000.0;
            rows.add(new String[] {
                String.valueOf(Math.round((from - p.overload()) / 1000.0)), p.of(from), Table.number(sent / seconds),
                Table.number(outcomes[ResultWatcher.SUCCESS] / seconds), Table.number(outcomes[ResultWatcher.EXPIRED] / seconds),
                Table.number((outcomes[ResultWatcher.REJECTED] + outcomes[ResultWatcher.FAILED]) / seconds),
                latency.isEmpty() ? "-" : Table.number(Runs.percentile(latency.stream().mapToDouble(Double::doubleValue).toArray(), 50)),
                Memory.mib(Memory.peak(memory, from, to, MemorySampler.Sample::liveHeap)),
                Memory.mib(Memory.peak(memory, from, to, MemorySampler.Sample::heapUsed)),
                Memory.mib(Memory.peak(memory, from, to, MemorySampler.Sample::heapCommitted)),
                Memory.mib(Memory.peak(memory, from, to, MemorySampler.Sample::rss))});
        }
        return rows;
    }
}
