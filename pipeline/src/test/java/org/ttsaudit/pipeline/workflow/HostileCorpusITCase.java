package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.HostileCorpus;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.sinks.DeadLetterSerializer;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.testing.PeakMemory;
import org.ttsaudit.pipeline.text.Invisible;

/**
 * The hostile corpus ({@link HostileCorpus}, over a thousand records of every kind of bad input)
 * through the whole job on a real broker and MariaDB, checked record by record: one audit row per
 * request id, or per topic-partition-offset where the record has no usable id, with the expected
 * status and error code; a dead letter, with the raw bytes as sent, exactly for the records that
 * must have one; one result per row. The job never restarts, no phone number split by invisible
 * characters is stored whole, SQL is stored as sent, and every table is still there. Then 16
 * texts of the maximum length arrive together while the heap is sampled; prints the figures.
 */
class HostileCorpusITCase {
    private static final Path BASE = Path.of("target", "it-hostile-corpus");
    private static final long SEED = 20261202;
    private static final int MAX_LENGTH_TEXTS = 16;
    private static final int BURST_MAX_CHARS = 1000;
    /**
     * Live heap for 16 texts of BURST_MAX_CHARS (each a 200 s clip: 4.4 M samples, 18 MB of
     * floats): its peak after full collections, asked for every second (PeakMemory). The heap in
     * use with its garbage, read here before, is where G1 sizes its young generation: it read 156
     * MB above the baseline in one run and 809 MB in a clean-clone CI run of 2026-12-03. The test
     * JVM has 3 GB.
     */
    private static final long MAX_HEAP_DELTA_MB = 768;
    private static final Duration BURST_WAIT = Duration.ofMinutes(9);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(BASE);
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldGiveEveryHostileRecordItsOutcomeWithoutARestartAndHoldSixteenMaxLengthTextsInBoundedHeap() throws Exception {
        long started = System.nanoTime();
        JobRun run = JobRun.create(stack, "hc");
        int restPort = freePort();
        run.config.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        // The burst measures memory, not latency: one max-length text is ~20 s of this CPU's model
        // time, so the default timeout and max-age would shed most of the 16 (load shedding works).
        run.config.set(TtsOptions.INFERENCE_TIMEOUT_MS, BURST_WAIT.toMillis());
        run.config.set(TtsOptions.REQUEST_MAX_AGE, Duration.ZERO);
        // Both partitions read and synthesized side by side.
        run.config.set(TtsOptions.PARALLELISM, LocalStack.REQUEST_PARTITIONS);
        // At the default 5,000 characters the burst took 240 s of this 2-core machine (peak heap 724 MB
        // above the baseline, measured once; README, Reliability); the suite runs it at a lower maximum.
        run.config.set(TtsOptions.MAX_TEXT_CHARS, BURST_MAX_CHARS);
        List<String> tablesBefore = tables();
        HostileCorpus corpus = new HostileCorpus(SEED, run.name, stack.voiceDir(), run.config);
        List<HostileCorpus.Entry> entries = corpus.generate();
        List<GeneratedRequest> requests = entries.stream().map(HostileCorpus.Entry::request).toList();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(1000);

        JobClient job = TtsJob.start(run.config);
        try {
            Outcomes expected = Outcomes.of(requests, run.send(requests));
            assertThat(run.awaitRows(expected.rows.size())).isEqualTo(expected.rows.size());
            run.assertRows(expected.rows);
            assertNoPhoneNumberStoredWhole(entries);
            assertSqlStoredAsSent(entries);
            long corpusSeconds = (System.nanoTime() - started) / 1_000_000_000;

            long burstStarted = System.nanoTime();
            List<GeneratedRequest> burst = corpus.maxLengthTexts(MAX_LENGTH_TEXTS);
            PeakMemory heap = PeakMemory.start();
            try {
                expected.add(Outcomes.of(burst, run.send(burst)));
                awaitRows(run, expected.rows.size());
            } finally {
                heap.close();
            }
            long burstSeconds = (System.nanoTime() - burstStarted) / 1_000_000_000;
            System.out.printf("%nHostile corpus: %d records %s; outcomes %s; %d audit rows, %d dead letters, "
                            + "%d s for the corpus%n%d max-length texts (%d characters) at once: %d s; %s%n",
                    requests.size(), kinds(entries), outcomes(requests), expected.rows.size(), expected.deadLetters.size(),
                    corpusSeconds, MAX_LENGTH_TEXTS, run.config.get(TtsOptions.MAX_TEXT_CHARS), burstSeconds,
                    heap.report());
            run.assertRows(expected.rows);
            expected.assertDeadLetters(run);
            run.assertResults(expected.rows);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(restarts(restPort, job)).as("job restarts").isZero();
            assertThat(heap.livePeakAboveStartMb()).as("live heap's peak above the start, MB").isLessThan(MAX_HEAP_DELTA_MB);
        } finally {
            job.cancel().get();
        }
        assertThat(tables()).as("no statement dropped a table").isEqualTo(tablesBefore);
        assertThat(run.countRows()).isEqualTo(entries.stream().filter(e -> e.request().expectAuditRow()).count()
                + MAX_LENGTH_TEXTS);
    }

    /**
     * What the job must make of the records sent: rows by request id (topic-partition-offset when
     * the record has no usable id), dead letters by source coordinates (a repeat shares its id).
     */
    private record Outcomes(Map<String, JobRun.Expected> rows, Map<String, String> deadLetters, Map<String, byte[]> sent) {
        static Outcomes of(List<GeneratedRequest> requests, List<RecordMetadata> landed) {
            Outcomes o = new Outcomes(new HashMap<>(), new HashMap<>(), new HashMap<>());
            for (int i = 0; i < requests.size(); i++) {
                GeneratedRequest r = requests.get(i);
                RecordMetadata m = landed.get(i);
                String coordinates = m.partition() + "/" + m.offset();
                if (r.expectAuditRow()) {
                    String id = r.requestId() != null ? r.requestId() : m.topic() + "-" + m.partition() + "-" + m.offset();
                    JobRun.Expected previous = o.rows.put(id, new JobRun.Expected(r.expectedStatus(), r.expectedErrorCode(),
                            r.expectDeadLetter()));
                    assertThat(previous).as("one first record per request id: " + id).isNull();
                }
                if (r.expectDeadLetter()) {
                    o.deadLetters.put(coordinates, r.expectedErrorCode());
                }
                o.sent.put(coordinates, r.payload());
            }
            return o;
        }

        void add(Outcomes more) {
            rows.putAll(more.rows);
            deadLetters.putAll(more.deadLetters);
            sent.putAll(more.sent);
        }

        /** Each expected dead letter exactly once, with its code and the bytes as sent; no other. */
        void assertDeadLetters(JobRun run) {
            Map<String, String> codes = new HashMap<>();
            List<ConsumerRecord<byte[], byte[]>> records = run.consumeAll(run.config.get(TtsOptions.TOPIC_DLQ), deadLetters.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String coordinates = JobRun.header(r, DeadLetterSerializer.SOURCE_PARTITION) + "/"
                        + JobRun.header(r, DeadLetterSerializer.SOURCE_OFFSET);
                codes.put(coordinates, JobRun.header(r, DeadLetterSerializer.ERROR_CODE));
                assertThat(r.value()).as("dead letter " + coordinates + " holds the record as sent").isEqualTo(sent.get(coordinates));
            }
            assertThat(codes).containsExactlyInAnyOrderEntriesOf(deadLetters);
            assertThat(records).as("each dead letter once").hasSize(deadLetters.size());
        }
    }

    /** Waits for a row count that takes minutes of synthesis (JobRun's wait is for a few hundred short requests). */
    private static void awaitRows(JobRun run, int expected) throws Exception {
        long deadline = System.nanoTime() + BURST_WAIT.toNanos();
        while (run.countRows() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(run.awaitRows(expected)).isEqualTo(expected);
    }

    /**
     * The masker must see a phone number whose digits invisible characters split, since the
     * synthesizer reads it aloud whole. LeakScan treats such characters as the end of a number,
     * so the check here is on the stored text's digits alone: no 8 digits of the number in a row.
     */
    private static void assertNoPhoneNumberStoredWhole(List<HostileCorpus.Entry> entries) throws Exception {
        int checked = 0;
        for (HostileCorpus.Entry e : entries) {
            if (e.personalDigits() == null) {
                continue;
            }
            String stored = storedColumns(e.request().requestId(), "CONCAT_WS('|', text_input, pinyin_input, emotion_desc, error_message)");
            String digits = stored.replaceAll("[^0-9]", "");
            String number = e.personalDigits();
            for (int i = 0; i + 8 <= number.length(); i++) {
                assertThat(digits).as("stored text of " + e.request().requestId()).doesNotContain(number.substring(i, i + 8));
            }
            assertThat(stored).contains(number.substring(number.length() - 4));
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /** SQL in text, emotion_desc and a refused pinyin is stored as it came, invisible characters aside. */
    private static void assertSqlStoredAsSent(List<HostileCorpus.Entry> entries) throws Exception {
        int checked = 0;
        for (HostileCorpus.Entry e : entries) {
            GeneratedRequest r = e.request();
            boolean storesTheSql = "success".equals(r.expectedStatus()) || "UNKNOWN_PINYIN".equals(r.expectedErrorCode());
            if (!e.kind().equals("sql") || !storesTheSql) {
                continue;
            }
            JsonNode sent = JSON.readTree(e.request().payload());
            String stored = storedColumns(e.request().requestId(), "CONCAT_WS('\\n', text_input, emotion_desc, pinyin_input)");
            List<String> fields = new ArrayList<>();
            for (String field : List.of("text", "emotion_desc", "pinyin")) {
                if (sent.hasNonNull(field)) {
                    String value = Invisible.remove(sent.get(field).asText());
                    fields.add(field.equals("text") ? value.strip() : value);
                }
            }
            assertThat(stored).as("stored fields of " + e.request().requestId()).isEqualTo(String.join("\n", fields));
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    private static String storedColumns(String requestId, String expression) throws Exception {
        try (Connection c = stack.mysql.adminConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + expression + " FROM tts_generation_log WHERE request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("row of " + requestId).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Every table and view of the schema, each still readable. */
    private static List<String> tables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE() ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.executeQuery("SELECT COUNT(*) FROM `" + table + "`").close();
            }
        }
        assertThat(tables).contains("tts_generation_log", "tts_failure_metrics", "tts_emotion_metrics", "tts_alerts");
        return tables;
    }

    /**
     * The job's numRestarts metric, from the MiniCluster's REST endpoint. The endpoint fetches
     * metrics in the background and answers with none until its first fetch is in, so it is asked
     * again for a while.
     */
    private static long restarts(int restPort, JobClient job) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID()
                + "/metrics?get=numRestarts")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode metrics;
        do {
            Thread.sleep(500);
            metrics = JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
        } while (metrics.isEmpty() && System.nanoTime() < deadline);
        assertThat(metrics.size()).as("numRestarts in " + metrics).isEqualTo(1);
        return metrics.get(0).get("value").asLong();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, Integer> kinds(List<HostileCorpus.Entry> entries) {
        Map<String, Integer> kinds = new TreeMap<>();
        entries.forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
        return kinds;
    }

    private static Map<String, Integer> outcomes(List<GeneratedRequest> requests) {
        Map<String, Integer> outcomes = new TreeMap<>();
        requests.forEach(r -> outcomes.merge(r.expectedErrorCode() == null ? r.expectedStatus() : r.expectedErrorCode(), 1,
                Integer::sum));
        return outcomes;
    }
}
