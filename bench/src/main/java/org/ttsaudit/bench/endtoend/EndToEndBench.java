package org.ttsaudit.bench.endtoend;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.sinks.AuditLogTable;

/**
 * The whole job as {@code ./tts local} runs it (in-process Kafka and MariaDB, TtsJob on a local
 * MiniCluster, the bundled model on CPU), fed by the request generator at a fixed rate: how many
 * requests a second it logs, and how long from submitting a request to its audit row being
 * readable in MySQL.
 */
public final class EndToEndBench implements Suite {
    private static final String SUITE = "end-to-end";
    /** Rows seen in the first seconds of the measured phase are left out of the rate (the job settles). */
    private static final long SETTLE_MS = 5_000;
    private static final long QUICK_SETTLE_MS = 1_000;

    @Override
    public String name() {
        return "end-to-end";
    }

    @Override
    public String method() {
        return "LocalStack (KRaft Kafka and MariaDB in-process, migrations, roles) and TtsJob with the job's defaults "
                + "(max batch 16, sink flush every 500 ms, checkpoints every 2 s); the request generator's mix (about 80 % "
                + "valid, 20 % every kind of bad input), produced at a fixed rate with submitted_at set at sending. A "
                + "warm-up phase runs first and is waited out; then the measured phase. The rate counts audit rows that "
                + "became readable after the first " + SETTLE_MS / 1000 + " s of the phase (quick run: 1 s) until its last request was "
                + "sent; latency is from sending a request to its row being readable, seen by polling the table every "
                + RowWatcher.INTERVAL_MS + " ms (so up to that much is polling)";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        double rate = ctx.quick ? 10 : 20;
        int seconds = ctx.quick ? 6 : 60;
        int warmSeconds = ctx.quick ? 2 : 5;
        ctx.say("end-to-end: starting Kafka and MariaDB");
        try (LiveJob live = LiveJob.start(ctx.workDir.resolve("e2e"), config -> {});
             RowWatcher watcher = new RowWatcher(live.stack.mysql.adminConnection());
             PacedProducer producer = live.producer()) {
            Path voices = live.voices();
            List<GeneratedRequest> warm = new RequestGenerator(2, voices, "warm").generate((int) (rate * warmSeconds));
            producer.send(warm, rate);
            await(watcher, warm.size());
            int before = watcher.seen();
            ctx.say(String.format(Locale.ROOT, "end-to-end: warmed up; producing %.0f requests/s for %d s", rate, seconds));

            List<GeneratedRequest> measured = new RequestGenerator(3, voices, "e2e").generate((int) (rate * seconds));
            long start = System.currentTimeMillis();
            double offered = producer.send(measured, rate);
            long end = System.currentTimeMillis();
            long drained = await(watcher, before + measured.size());
            long settle = ctx.quick ? QUICK_SETTLE_MS : SETTLE_MS;
            return figures(ctx, live.stack, watcher.seenAt, producer.sentAt, start + settle, end, drained, offered, measured.size());
        }
    }

    private static List<Figure> figures(BenchContext ctx, LocalStack stack, Map<String, Long> seenAt, Map<String, Long> sentAt,
                                        long windowStart, long end, long drained, double offered, int requests) throws Exception {
        long inWindow = seenAt.values().stream().filter(t -> t > windowStart && t <= end).count();
        double sustained = inWindow / ((end - windowStart) / 1000.0);
        List<Double> latencies = new ArrayList<>();
        sentAt.forEach((id, sent) -> {
            Long seen = seenAt.get(id);
            if (id.startsWith("e2e-") && seen != null) {
                latencies.add((double) (seen - sent));
            }
        });
        double[] latency = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        double p50 = Runs.percentile(latency, 50);
        double p99 = Runs.percentile(latency, 99);
        String stages = stages(stack);
        ctx.measured("endtoend.rate", sustained);
        ctx.fact("end-to-end", String.format(Locale.ROOT, "%d requests at %.1f/s offered; all logged %.1f s after the last "
                + "was sent; %s", requests, offered, (drained - end) / 1000.0, stages));
        ctx.say(String.format(Locale.ROOT, "end-to-end: %.1f rows/s logged at %.1f/s offered; submit to readable p50 %.0f ms, "
                + "p99 %.0f ms", sustained, offered, p50, p99));
        String limit = "the offered rate: the generator sends a fixed rate below capacity (the inference suite gives the "
                + "synthesizer's own ceiling); latency is Kafka, the micro-batch wait (up to 20 ms), synthesis, the sink's "
                + "flush interval (500 ms) or a checkpoint, and up to " + RowWatcher.INTERVAL_MS + " ms of polling";
        return List.of(
                Figure.of(SUITE, "sustained rate at a fixed offered rate", sustained, "req/s", true)
                        .against("offered rate (measured at the producer)", offered)
                        .detail(String.format(Locale.ROOT, "%d requests; %d rows became readable in the %.1f s window",
                                requests, inWindow, (end - windowStart) / 1000.0))
                        .limit(limit),
                Figure.of(SUITE, "latency p50: submit to row readable in MySQL", p50, "ms", false)
                        .detail(latency.length + " requests with ids; " + stages).limit(limit),
                Figure.of(SUITE, "latency p99: submit to row readable in MySQL", p99, "ms", false)
                        .detail(latency.length + " requests with ids").limit(limit));
    }

    /** Where a successful request's time went, from the audit rows themselves. */
    private static String stages(LocalStack stack) throws Exception {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT queue_ms, inference_ms, total_ms, batch_size, "
                     + "TIMESTAMPDIFF(MICROSECOND, event_time, created_at) / 1000 FROM " + AuditLogTable.TABLE
                     + " WHERE status = 'success' AND request_id LIKE 'e2e-%'")) {
            List<double[]> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)});
            }
            if (rows.isEmpty()) {
                return "no successful rows";
            }
            return String.format(Locale.ROOT, "successful requests (p50): queue %.0f ms, inference %.0f ms, total in job %.0f ms, "
                    + "batch %.0f, submit to created_at %.0f ms", p50(rows, 0), p50(rows, 1), p50(rows, 2), p50(rows, 3), p50(rows, 4));
        }
    }

    private static double p50(List<double[]> rows, int column) {
        return Runs.percentile(rows.stream().mapToDouble(r -> r[column]).toArray(), 50);
    }

    /** Waits until {@code rows} rows are readable; returns when (epoch ms). */
    private static long await(RowWatcher watcher, int rows) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (watcher.seen() < rows) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + watcher.seen() + " of " + rows + " audit rows after 180 s");
            }
            Thread.sleep(50);
        }
        return watcher.seenAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
