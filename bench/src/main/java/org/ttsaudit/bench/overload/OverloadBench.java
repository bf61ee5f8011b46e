package org.ttsaudit.bench.overload;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.bench.endtoend.LiveJob;
import org.ttsaudit.bench.endtoend.PacedProducer;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * The real job (as the end-to-end suite runs it, with the job's defaults) offered ten times what it
 * can sustain, then its normal load again. Its capacity is measured first in the same run, by
 * draining a burst; then a normal phase (the baseline), the overload, and the normal load again.
 * Shows whether memory stays bounded, whether the job keeps serving at capacity while it sheds
 * requests older than request.max-age, and how soon fresh requests are served as fast as before.
 */
public final class OverloadBench implements Suite {
    private static final String SUITE = "overload";
    /** The offered rate during the overload, in multiples of the sustainable rate measured first. */
    private static final double OVERLOAD = 10;
    /** The normal rate, before and after, as a share of the sustainable rate. */
    private static final double NORMAL = 0.25;
    /**
     * Memory counts as bounded while the last third's median is at most this much above the middle
     * third's (medians, see {@link Memory.Trend}). The first third is left out: it is mostly the
     * backlog building (nothing is shed until it is request.max-age old) while buffers that follow
     * the traffic (Kafka producer pools, fetch and network buffers) fill to their configured sizes;
     * from the middle third on the job is in its steady state of shedding, where memory that still
     * grows is a leak.
     */
    static final double MEMORY_MARGIN = 0.10;
    /** A fresh request is served normally when its latency is at most the pre-overload p99 plus this. */
    private static final long SLACK_MS = 1_000;
    private static final int POOL = 2_000;

    /** Phase lengths; the quick run shrinks them, and max-age with them, so that it still sheds and recovers. */
    private record Plan(int burst, int warmSeconds, int normalSeconds, int overloadSeconds, int recoverySeconds,
                        int tailSeconds, int gcEvery, Duration maxAge, int expectedResults) {}

    private static final Plan FULL = new Plan(1_000, 5, 15, 120, 75, 15, 20, null, 300_000);
    private static final Plan QUICK = new Plan(40, 1, 2, 4, 6, 2, 2, Duration.ofSeconds(1), 10_000);

    @Override
    public String name() {
        return "overload";
    }

    @Override
    public String method() {
        return "the end-to-end suite's setup (LocalStack, TtsJob with the job's defaults, the generator's mix, submitted_at "
                + "and the Kafka timestamp set at sending). Capacity: a burst of " + FULL.burst + " requests sent at once; "
                + "successes (audio made) per second from the first to the last of them, and the input rate that sustains "
                + "(that over the mix's share of requests that succeed). Then " + FULL.normalSeconds + " s at "
                + pct(NORMAL) + " of that rate (the baseline), " + FULL.overloadSeconds + " s at " + (int) OVERLOAD + "x, "
                + FULL.recoverySeconds + " s at " + pct(NORMAL) + " again, then until every result is in. "
                + "Each request's result is read from tts.results as it arrives (its latency: sent to result readable); "
                + "every request must end up as an audit row. Memory is sampled every second (heap in use and committed "
                + "from the MemoryMXBean, VmRSS of this JVM, which holds the MiniCluster, the Kafka broker and the load "
                + "generator), and every " + FULL.gcEvery + " s the heap a forced full GC leaves (the live heap). Quick run: "
                + "a " + QUICK.burst + "-request burst, phases of seconds and request.max-age 1 s";
    }

    /** What the burst showed: audio made per second while a backlog lasted, and the input rate that matches it. */
    record Capacity(double synthesized, double sustainable) {}

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        Plan plan = ctx.quick ? QUICK : FULL;
        ctx.say("overload: starting Kafka and MariaDB");
        try (LiveJob live = LiveJob.start(ctx.workDir.resolve("overload"), config -> {
                if (plan.maxAge != null) {
                    config.set(TtsOptions.REQUEST_MAX_AGE, plan.maxAge);
                }
            });
             ResultWatcher results = new ResultWatcher(live.stack.kafka.bootstrapServers(),
                     live.config.get(TtsOptions.TOPIC_RESULTS), plan.expectedResults);
             PacedProducer producer = live.producer()) {
            List<GeneratedRequest> pool = new RequestGenerator(4, live.voices(), "pool").generate(POOL);
            int sent = producer.sendFor(plan.warmSeconds, 10, fresh(pool, "warm")).requests();
            results.await(sent, Duration.ofMinutes(3));

            long burstStart = System.currentTimeMillis();
            sent += producer.sendFor(plan.burst / 5000.0, 5000, fresh(pool, "cap")).requests();
            results.await(sent, Duration.ofMinutes(3));
            Capacity capacity = capacity(results.snapshot(), burstStart, pool);
            double normal = NORMAL * capacity.sustainable();
            double overloadRate = OVERLOAD * capacity.sustainable();
            ctx.say(String.format(Locale.ROOT, "overload: %.1f successes/s in a backlog, so %.1f req/s sustainable; %.1f req/s "
                    + "for %d s, %.0f req/s for %d s, %.1f req/s for %d s", capacity.synthesized(), capacity.sustainable(), normal,
                    plan.normalSeconds, overloadRate, plan.overloadSeconds, normal, plan.recoverySeconds));

            try (MemorySampler memory = new MemorySampler(plan.gcEvery, 1024)) {
                long before = System.currentTimeMillis();
                sent += producer.sendFor(plan.normalSeconds, normal, fresh(pool, "base")).requests();
                long overload = System.currentTimeMillis();
                PacedProducer.Sent over = producer.sendFor(plan.overloadSeconds, overloadRate, fresh(pool, "over"));
                sent += over.requests();
                long recovery = System.currentTimeMillis();
                sent += producer.sendFor(plan.recoverySeconds, normal, fresh(pool, "again")).requests();
                Phases phases = new Phases(before, overload, recovery, System.currentTimeMillis());
                ctx.say("overload: load back to normal for " + plan.recoverySeconds + " s; waiting for every result");
                results.await(sent, Duration.ofMinutes(5));
                awaitRows(live, sent);
                return figures(ctx, live, results.snapshot(), memory, phases, plan.tailSeconds, capacity, over, sent);
            }
        }
    }

    /** The pool's requests in turn, each under a new id (requests without an id stay without one). */
    private static IntFunction<GeneratedRequest> fresh(List<GeneratedRequest> pool, String prefix) {
        return i -> {
            GeneratedRequest r = pool.get(i % pool.size());
            String id = r.requestId() == null ? null : prefix + "-" + i;
            return new GeneratedRequest(id, r.payload(), r.expectedStatus(), r.expectedErrorCode(), r.expectDeadLetter());
        };
    }

    /**
     * Successes of the requests sent from {@code burstStart} on, per second between the first and
     * the last of them: while the backlog lasts, what synthesis can do, whether or not part of the
     * backlog expires meanwhile. The input rate that keeps it busy is that over the share of the
     * mix that succeeds (the rest is rejected, mostly at validation, at next to no cost).
     */
    private static Capacity capacity(ResultWatcher.Results r, long burstStart, List<GeneratedRequest> pool) {
        int n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < r.size(); i++) {
            if (r.sent()[i] >= burstStart && r.outcome()[i] == ResultWatcher.SUCCESS) {
                n++;
                first = Math.min(first, r.seen()[i]);
                last = Math.max(last, r.seen()[i]);
            }
        }
        double synthesized = (n - 1) / Math.max(0.001, (last - first) / 1000.0);
        double succeeding = pool.stream().filter(q -> "success".equals(q.expectedStatus())).count() / (double) pool.size();
        return new Capacity(synthesized, synthesized / succeeding);
    }

    private List<Figure> figures(BenchContext ctx, LiveJob live, ResultWatcher.Results r, MemorySampler memory, Phases p,
                                 int tailSeconds, Capacity capacity, PacedProducer.Sent over, int sent) throws Exception {
        double overSeconds = (p.recovery() - p.overload()) / 1000.0;
        int[] during = new int[4];
        int secondHalf = 0;
        long half = (p.overload() + p.recovery()) / 2;
        List<Double> baseLatency = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.seen()[i] >= p.overload() && r.seen()[i] < p.recovery()) {
                during[r.outcome()[i]]++;
                secondHalf += r.seen()[i] >= half ? 1 : 0;
            }
            if (r.sent()[i] >= p.before() && r.sent()[i] < p.overload()) {
                baseLatency.add((double) r.latency(i));
            }
        }
        double[] base = baseLatency.stream().mapToDouble(Double::doubleValue).toArray();
        double baseP50 = Runs.percentile(base, 50);
        double baseP99 = Runs.percentile(base, 99);
        Recovery rec = Recovery.of(r, p.recovery(), p.end(), tailSeconds * 1000L, (long) baseP99 + SLACK_MS);
        double synthesized = during[ResultWatcher.SUCCESS] / overSeconds;
        double handled = secondHalf / (overSeconds / 2);
        Memory.Trend heap = Memory.trend(memory.samples(), p, MemorySampler.Sample::liveHeap);
        Memory.Trend rss = Memory.trend(memory.samples(), p, MemorySampler.Sample::rss);
        Memory.Trend committed = Memory.trend(memory.samples(), p, MemorySampler.Sample::heapCommitted);
        Memory.Trend beyondHeap = Memory.trend(memory.samples(), p, MemorySampler.Sample::rssBeyondHeap);
        double[] inJob = timeInJob(live);
        long maxAge = live.config.get(TtsOptions.REQUEST_MAX_AGE).toSeconds();

        ctx.section("Overload: every 5 s, from the baseline to the last result (t from the start of the overload)",
                Timeline.HEADER, Timeline.rows(r, memory.samples(), p));
        ctx.fact("overload", String.format(Locale.ROOT, "%.1f successes/s while a burst of %d drained, so %.1f req/s of the "
                + "mix sustainable; normal load %.1f req/s; overload %.0f req/s offered for %.0f s; request.max-age %d s; a "
                + "forced full GC took %.0f ms on average; %d requests in all", capacity.synthesized(),
                ctx.quick ? QUICK.burst : FULL.burst, capacity.sustainable(), NORMAL * capacity.sustainable(), over.rate(),
                overSeconds, maxAge, memory.meanGcMillis(), sent));
        ctx.say(String.format(Locale.ROOT, "overload: %.1f successes/s during the overload, %.1f outcomes/s in its second half; %s; "
                + "live heap %s; RSS %s", synthesized, handled, rec.summary(), heap.summary(), rss.summary()));

        String shed = "shedding: a request older than request.max-age when it reaches synthesis ends at once as failed, "
                + "REQUEST_EXPIRED; what is shed still costs parsing, masking, its audit row, its result and its place in the "
                + "windows, on the same 2 cores as synthesis, the load generator and the Kafka broker";
        String bound = "FIFO with a deadline: at the drop, Kafka holds request.max-age (" + maxAge + " s) of overload; the "
                + "oldest is read first and synthesized if it is just young enough, so a fresh request waits about max-age, "
                + "then the normal requests that queued meanwhile drain at capacity minus the normal rate";
        String memoryLimit = "bounded if the last third's median is at most " + pct(MEMORY_MARGIN) + " above the middle third's "
                + "(medians: a leak lifts every sample, where the collector growing the heap for a few seconds and handing it "
                + "back lifts a few, so a peak would judge the collector's timing; the peaks are in the detail and the "
                + "timeline). The first third is mostly the backlog building, before anything is shed, while buffers that follow "
                + "the traffic, such as the Kafka producers' pools, fill; from the middle third on, the job sheds in a steady "
                + "state. Kafka keeps the backlog on disk and the source reads only what the job accepts (back-pressure from the "
                + "inference operator's capacity), so the job's memory should not follow the backlog";
        return List.of(
                Figure.of(SUITE, "offered rate during the overload", over.rate(), "req/s", true)
                        .against("sustainable rate (measured first)", capacity.sustainable())
                        .detail(over.requests() + " requests in " + String.format(Locale.ROOT, "%.0f s", overSeconds))
                        .limit("the load generator in this JVM, pacing one request at a time"),
                Figure.of(SUITE, "synthesized during the overload (successes)", synthesized, "req/s", true)
                        .against("while a burst drained (measured first)", capacity.synthesized()).goal(0.8)
                        .detail(String.format(Locale.ROOT, "while the overload lasted: %d successes, %d expired, %d rejected, "
                                + "%d failed otherwise", during[0], during[3], during[1], during[2]))
                        .limit(shed),
                Figure.of(SUITE, "handled in the overload's second half (every outcome)", handled, "req/s", true)
                        .against("offered during the overload", over.rate())
                        .detail(String.format(Locale.ROOT, "the first max-age of the overload only builds the backlog; once "
                                + "it is that old, 1x means the job keeps pace by shedding, below 1x the backlog grows older "
                                + "still; time in the job (total_ms, p50) of an expired request %.0f ms, of a success before "
                                + "the overload %.0f ms", inJob[0], inJob[1])).limit(shed),
                Figure.of(SUITE, "recovery: load drop to fresh requests served normally again", rec.seconds(), "s", false)
                        .detail(rec.summary() + String.format(Locale.ROOT, "; normal: at most the pre-overload p99 (%.0f ms) "
                                + "plus %d ms, and not expired", baseP99, SLACK_MS)).limit(bound),
                Figure.of(SUITE, "latency p50 at the end of the normal load after: sent to result", rec.p50(), "ms", false)
                        .against("before the overload", baseP50)
                        .detail(rec.tail() + " requests sent in the phase's last " + tailSeconds + " s; " + base.length + " before")
                        .limit(bound),
                Figure.of(SUITE, "latency p99 at the end of the normal load after: sent to result", rec.p99(), "ms", false)
                        .against("before the overload", baseP99)
                        .detail(rec.tail() + " requests sent in the phase's last " + tailSeconds + " s; " + base.length + " before")
                        .limit(bound),
                heap.figure(SUITE, "live heap (after full GC), median in the overload's last third", "MiB").goal(1 / (1 + MEMORY_MARGIN))
                        .limit(memoryLimit),
                rss.figure(SUITE, "resident set (VmRSS), median in the overload's last third", "MiB").goal(1 / (1 + MEMORY_MARGIN))
                        .detail(rss.summary() + "; of it the committed heap (the collector's to size, up to -Xmx): "
                                + committed.summary() + "; the rest (ONNX Runtime's arenas, threads, code): " + beyondHeap.summary())
                        .limit(memoryLimit),
                Figure.of(SUITE, "audit rows for the requests sent", count(live), "rows", true).against("requests sent", sent).goal(1)
                        .detail("nothing dropped: every request, served or expired, is a row")
                        .limit("the upsert on request_id: a row per request, never two"));
    }

    static String pct(double share) {
        return Math.round(share * 100) + " %";
    }

    /** p50 total_ms of expired requests during the overload and of successes before it. */
    private static double[] timeInJob(LiveJob live) throws Exception {
        List<Double> expired = new ArrayList<>();
        List<Double> servedBefore = new ArrayList<>();
        try (Connection c = live.stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id LIKE 'over-%', total_ms FROM " + AuditLogTable.TABLE
                     + " WHERE (request_id LIKE 'over-%' AND error_code = 'REQUEST_EXPIRED')"
                     + " OR (request_id LIKE 'base-%' AND status = 'success')")) {
            while (rs.next()) {
                (rs.getBoolean(1) ? expired : servedBefore).add(rs.getDouble(2));
            }
        }
        return new double[] {p50(expired), p50(servedBefore)};
    }

    private static double p50(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Runs.percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    private static long count(LiveJob live) throws Exception {
        try (Connection c = live.stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + AuditLogTable.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits (up to a minute) until the audit log has a row for every request sent. */
    private static void awaitRows(LiveJob live, int sent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (count(live) < sent && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
