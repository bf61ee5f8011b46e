package org.ttsaudit.pipeline.workflow;

import org.ttsaudit.pipeline.generator.Producer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ttsaudit.models.audio.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.testing.WindowCheck;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.workflow.TtsJob;
import org.ttsaudit.pipeline.workflow.TtsWorkflow;

/**
 * The whole job against a real KRaft broker and a real MariaDB server: a few hundred mixed
 * requests in, and exactly one audit row per request out, with the status and error code the
 * generator built each request to get; the dead letters on their topic; and the same after a
 * task failure in the middle of the stream.
 */
class PipelineITCase {
    private static final int REQUESTS = 300;
    /** Text the generator puts in requests: none of it may appear unmasked in MySQL or in a log line. */
    private static final List<String> RAW_TEXT = List.of("13812345678", "zhang.san@", "4111111111111111",
            "11010519491231002X", "今天天气很好", "欢迎使用语音合成服务");
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-pipeline"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldLogEveryRequestOnceWithItsOutcomeAndDeadLetterTheInvalidOnes() throws Exception {
        JobRun run = JobRun.create(stack, "plain");
        Configuration config = run.config;
        try (LogCapture logs = LogCapture.capture()) {
            JobClient job = TtsJob.start(config);
            try {
                Map<String, JobRun.Expected> expected = produce(config, "plain", 0, null);
                assertThat(run.awaitRows(REQUESTS)).isEqualTo(REQUESTS);
                assertAuditRows(run, expected);
                assertAudioFilesExist("plain");
                run.assertDeadLetters(expected, true);
                run.assertResults(expected);
            } finally {
                job.cancel().get();
            }
            assertThat(logs.lines()).as("the job logged while it ran").isNotEmpty();
            assertThat(logs.lines()).as("no request text or personal data in any log line")
                    .noneMatch(line -> RAW_TEXT.stream().anyMatch(line::contains));
        }
    }

    @Test
    void shouldNeitherLoseNorDuplicateRowsWhenATaskFailsMidStream() throws Exception {
        JobRun run = JobRun.create(stack, "failover");
        Configuration config = run.config;
        config.set(TtsOptions.CHECKPOINT_MS, 500L);
        JobClient job = startWithFailure(config, "failover");
        try {
            Map<String, JobRun.Expected> expected = produce(config, "failover", 100, null);
            assertThat(run.awaitRows(REQUESTS)).isEqualTo(REQUESTS);
            assertThat(FailOnceAfter.FAILED).as("the injected failure happened").contains("failover");
            assertThat(FailOnceAfter.SEEN.get("failover").get()).as("records after the last checkpoint were replayed")
                    .isGreaterThan(REQUESTS);
            assertAuditRows(run, expected);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The aggregate tables against SQL over the raw log, for events spread over three minutes in
     * random order (out of order, late within the allowed lateness, and too late), across a task
     * failure and restart. Event times are two days back so no other run shares these windows.
     */
    @Test
    void shouldKeepWindowAggregatesEqualToTheRawLogAcrossLateEventsAndARestart() throws Exception {
        JobRun run = JobRun.create(stack, "metrics");
        Configuration config = run.config;
        config.set(TtsOptions.CHECKPOINT_MS, 500L);
        config.set(TtsOptions.METRICS_WINDOW, Duration.ofSeconds(30));
        config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, Duration.ofSeconds(5));
        config.set(TtsOptions.METRICS_ALLOWED_LATENESS, Duration.ofMinutes(2));
        Instant base = Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        JobClient job = startWithFailure(config, "metrics");
        try {
            Map<String, JobRun.Expected> expected = produce(config, "metrics", 100, base);
            assertThat(run.awaitRows(expected.size())).isEqualTo(expected.size());
            sendSentinel(config, base.plus(Duration.ofHours(1)));
            assertThat(run.awaitRows(expected.size() + 1)).isEqualTo(expected.size() + 1);
            assertThat(FailOnceAfter.FAILED).contains("metrics");
            WindowCheck check = WindowCheck.await(stack.mysql, "metrics", Duration.ofSeconds(30),
                    base.minus(Duration.ofMinutes(10)), base.plus(Duration.ofMinutes(10)), Duration.ofSeconds(35));
            assertThat(check.table()).isEqualTo(check.recomputed());
            assertThat(check.lateRecords()).as("some events were too late, and are counted").isPositive();
            assertThat(check.table()).as("windows exist").hasSizeGreaterThan(3);
            assertThat(check.table().values()).as("some windows count risk-flagged requests")
                    .anyMatch(row -> (Long) row.get(4) > 0);
        } finally {
            job.cancel().get();
        }
    }

    /** One valid request far ahead in event time: its watermark fires every window of the run. */
    private static void sendSentinel(Configuration config, Instant eventTime) throws Exception {
        String json = "{\"request_id\":\"metrics-sentinel\",\"user_id\":1,\"text\":\"你好\",\"ref_audio_url\":\"file:"
                + stack.voiceDir().toAbsolutePath().resolve("voice-0.wav") + "\",\"submitted_at\":\"" + eventTime + "\"}";
        Producer.send(stack.kafka.bootstrapServers(), config.get(TtsOptions.TOPIC_REQUESTS),
                List.of(new GeneratedRequest("metrics-sentinel", json.getBytes(StandardCharsets.UTF_8), "success", null, false)), 0);
    }

    /** The real workflow and sinks, with a one-time failure injected in front of the audit log's sink. */
    private static JobClient startWithFailure(Configuration config, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TtsJob.localConfiguration(config));
        TtsWorkflow.Sinks sinks = TtsJob.sinks(config);
        TtsWorkflow.define(env, TtsJob.kafkaSource(config), config, sinks.withAuditLog(audit -> sinks.auditLog().accept(
                audit.map(new FailOnceAfter(name, REQUESTS / 2)).name("fail-once").uid("fail-once"))));
        return env.executeAsync(name + "-it");
    }

    /** Fails the task once, when the n-th record passes; the restart replays from the last checkpoint. */
    static final class FailOnceAfter implements MapFunction<AuditRecord, AuditRecord> {
        static final Map<String, AtomicInteger> SEEN = new java.util.concurrent.ConcurrentHashMap<>();
        static final java.util.Set<String> FAILED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final String name;
        private final int n;

        FailOnceAfter(String name, int n) {
            this.name = name;
            this.n = n;
        }

        @Override
        public AuditRecord map(AuditRecord record) {
            int seen = SEEN.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (seen >= n && FAILED.add(name)) {
                throw new IllegalStateException("injected failure after " + n + " records");
            }
            return record;
        }
    }

    /** Produces the mixed requests and returns what each request id should end as. */
    private Map<String, JobRun.Expected> produce(Configuration config, String run, double rate, Instant eventTimeBase)
            throws Exception {
        RequestGenerator generator = new RequestGenerator(7, stack.voiceDir(), run);
        List<GeneratedRequest> requests;
        if (eventTimeBase == null) {
            requests = generator.generate(REQUESTS);
        } else {
            // Records whose event time can only be the Kafka timestamp (no parseable submitted_at) would sit in
            // "now" windows shared with other runs; the window check leaves them out.
            requests = generator.eventTimes(eventTimeBase, Duration.ofMinutes(3)).generate(REQUESTS).stream()
                    .filter(r -> r.expectedErrorCode() == null
                            || !List.of("MALFORMED_JSON", "NOT_AN_OBJECT", "BAD_TIMESTAMP").contains(r.expectedErrorCode()))
                    .toList();
        }
        Map<String, JobRun.Expected> expected = JobRun.expected(requests,
                Producer.send(stack.kafka.bootstrapServers(), config.get(TtsOptions.TOPIC_REQUESTS), requests, rate));
        assertThat(expected).hasSize(requests.size());
        assertThat(expected.values()).extracting(JobRun.Expected::status).contains("success", "rejected");
        return expected;
    }

    /** One row per request with its outcome, and none of the generator's personal data in its text. */
    private static void assertAuditRows(JobRun run, Map<String, JobRun.Expected> expected) throws Exception {
        run.assertRows(expected);
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT text_input FROM tts_generation_log WHERE request_id LIKE '" + run.name
                     + "%' AND text_input IS NOT NULL")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).doesNotContain(RAW_TEXT.subList(0, 4).toArray(String[]::new));
            }
        }
    }

    private static void assertAudioFilesExist(String run) throws Exception {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT output_audio_url, achieved_duration_ms FROM tts_generation_log "
                     + "WHERE status = 'success' AND request_id LIKE '" + run + "%'")) {
            int files = 0;
            while (rs.next()) {
                Path wav = Path.of(java.net.URI.create(rs.getString(1)));
                assertThat(wav).exists();
                long dataBytes = Wav.data(Files.readAllBytes(wav)).length(); // the header is longer than 44 bytes: the label sits before the samples
                assertThat(Math.abs(dataBytes / 2 * 1000 / 22050 - rs.getInt(2))).isLessThanOrEqualTo(1);
                files++;
            }
            assertThat(files).isPositive();
        }
    }
}
