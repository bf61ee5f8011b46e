package org.ttsaudit.cli;

import org.ttsaudit.pipeline.generator.Producer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.cli.report.ReportCommand;
import org.ttsaudit.cli.summary.AnalystQueries;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.workflow.TtsJob;

/** {@code ./tts local}: the whole pipeline on this machine, with progress and a summary. */
final class LocalRun {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Duration EVENT_TIME_SPREAD = Duration.ofMinutes(4);

    private LocalRun() {}

    static void run(int requests, Path workDir, boolean keepRunning) throws Exception {
        long start = System.nanoTime();
        say("starting Kafka (KRaft) and MariaDB in-process under " + workDir.toAbsolutePath());
        try (LocalStack stack = LocalStack.start(workDir)) {
            say("Kafka at " + stack.kafka.bootstrapServers() + ", MySQL-compatible server at " + stack.mysql.url());
            // Event times spread over the last minutes, so most windows close during the run and the
            // report has window rows to show; the spread stays within the allowed lateness.
            RequestGenerator generator = new RequestGenerator(42, stack.voiceDir(), "local")
                    .eventTimes(Instant.now(), EVENT_TIME_SPREAD);
            generator.writeVoices();
            JobClient job = TtsJob.start(stack.jobConfiguration());
            say("Flink job " + job.getJobID() + " running on a local MiniCluster");
            List<GeneratedRequest> batch = generator.generate(requests);
            Producer.send(stack.kafka.bootstrapServers(), stack.jobConfiguration().get(TtsOptions.TOPIC_REQUESTS), batch, 0);
            say("produced " + requests + " requests to tts.requests");
            Map<String, Long> counts = waitForRows(stack, requests, start);
            awaitWindowRows(stack);
            job.cancel().get();
            Path report;
            try (Connection analyst = stack.mysql.connection(EmbeddedDatabase.ANALYST)) {
                report = ReportCommand.write(analyst, ReportCommand.describe(stack.mysql.url(), EmbeddedDatabase.ANALYST), null,
                        workDir.resolve("report.html"), Instant.now());
            }
            printSummary(stack, requests, counts, elapsed(start), report);
            if (keepRunning) {
                say("servers keep running (database " + stack.mysql.url() + ", user root); press Ctrl-C to stop");
                Thread.currentThread().join();
            }
        }
    }

    private static Map<String, Long> waitForRows(LocalStack stack, int expected, long start) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long lastTotal = -1;
        try (Connection c = stack.mysql.adminConnection()) {
            while (true) {
                Map<String, Long> counts = countByStatus(c);
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                if (total != lastTotal) {
                    say(String.format("%5.1fs  %d/%d logged  %s", elapsed(start), total, expected, counts));
                    lastTotal = total;
                }
                if (total >= expected) {
                    return counts;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + total + " of " + expected + " requests logged after " + TIMEOUT);
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Windows that closed with the last records are written by their own sinks, a flush interval
     * or a checkpoint after the log rows: wait until their totals stop changing for a checkpoint
     * interval (bounded), so the report sees them.
     */
    private static void awaitWindowRows(LocalStack stack) throws Exception {
        long quiet = stack.jobConfiguration().get(TtsOptions.CHECKPOINT_MS) + 500;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement()) {
            long last = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long total;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(requests), 0) FROM tts_failure_metrics")) {
                    rs.next();
                    total = rs.getLong(1);
                }
                if (total != last) {
                    last = total;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince >= quiet * 1_000_000) {
                    return;
                }
                Thread.sleep(250);
            }
        }
    }

    static Map<String, Long> countByStatus(Connection c) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM tts_generation_log GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static void printSummary(LocalStack stack, int requests, Map<String, Long> counts, double seconds, Path report)
            throws Exception {
        long failed = counts.getOrDefault("failed", 0L);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long[] audio = audioFiles(stack.audioDir());
        System.out.println();
        System.out.println("== Summary ==");
        System.out.printf("  requests          %d in %.1f s%n", requests, seconds);
        counts.forEach((status, n) -> System.out.printf("  %-17s %d%n", status, n));
        System.out.printf("  failure rate      %.2f%% (failed / all logged)%n", total == 0 ? 0.0 : 100.0 * failed / total);
        System.out.printf("  audio written     %d WAV files, %.1f MB, under %s%n", audio[0], audio[1] / 1e6, stack.audioDir().toAbsolutePath());
        System.out.printf("  database          %s (table tts_generation_log)%n", stack.mysql.url());
        System.out.printf("  kafka             %s (tts.results, tts.requests.dlq)%n", stack.kafka.bootstrapServers());
        System.out.printf("  report            %s (open it in a browser)%n", report);
        try (Connection c = stack.mysql.adminConnection()) {
            long busiestUser = busiestUser(c);
            section("Daily failure rate", AnalystQueries.run(c, AnalystQueries.DAILY_FAILURE_RATE));
            section("Last five requests of user " + busiestUser, AnalystQueries.run(c, AnalystQueries.USER_RECENT_REQUESTS, busiestUser));
            section("Keyword search '天气'", AnalystQueries.run(c, AnalystQueries.KEYWORD_SEARCH, "天气"));
            section("Top emotion descriptions", AnalystQueries.run(c, AnalystQueries.TOP_EMOTION_DESCRIPTIONS));
        }
    }

    private static long busiestUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id FROM tts_generation_log WHERE user_id IS NOT NULL "
                     + "GROUP BY user_id ORDER BY COUNT(*) DESC, user_id LIMIT 1")) {
            return rs.next() ? rs.getLong(1) : 1;
        }
    }

    private static void section(String title, AnalystQueries.Table table) {
        System.out.println();
        System.out.println("-- " + title);
        System.out.print(AnalystQueries.format(table));
    }

    private static long[] audioFiles(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return new long[2];
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> wavs = files.filter(p -> p.toString().endsWith(".wav")).toList();
            long bytes = 0;
            for (Path p : wavs) {
                bytes += Files.size(p);
            }
            return new long[] {wavs.size(), bytes};
        }
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void say(String line) {
        System.out.println("[tts] " + line);
    }
}
