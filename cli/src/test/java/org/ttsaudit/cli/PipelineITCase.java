package org.ttsaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.cli.embedded.LocalStack;
import org.ttsaudit.cli.generator.GeneratedRequest;
import org.ttsaudit.cli.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.DeadLetterSerializer;
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
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static LocalStack stack;

    /** The outcome the test expects for one request id. */
    private record Expected(String status, String errorCode, boolean deadLetter) {}

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
        Configuration config = config("plain");
        JobClient job = TtsJob.start(config);
        try {
            Map<String, Expected> expected = produce(config, "plain", 0);
            assertThat(awaitRows("plain", REQUESTS)).isEqualTo(REQUESTS);
            assertAuditRows("plain", expected);
            assertAudioFilesExist("plain");
            assertDeadLetters(config, expected, true);
            assertResults(config, expected);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void shouldNeitherLoseNorDuplicateRowsWhenATaskFailsMidStream() throws Exception {
        Configuration config = config("failover");
        config.set(TtsOptions.CHECKPOINT_MS, 500L);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TtsJob.flinkConfiguration(config));
        TtsWorkflow.Outputs out = TtsWorkflow.define(env, TtsJob.kafkaSource(config), config);
        out.audit().map(new FailOnceAfter(REQUESTS / 2)).name("fail-once").sinkTo(TtsJob.auditLogSink(config));
        JobClient job = env.executeAsync("failover-it");
        try {
            Map<String, Expected> expected = produce(config, "failover", 100);
            assertThat(awaitRows("failover", REQUESTS)).isEqualTo(REQUESTS);
            assertThat(FailOnceAfter.FAILED).as("the injected failure happened").isTrue();
            assertThat(FailOnceAfter.SEEN.get()).as("records after the last checkpoint were replayed")
                    .isGreaterThan(REQUESTS);
            assertAuditRows("failover", expected);
        } finally {
            job.cancel().get();
        }
    }

    /** Fails the task once, when the n-th record passes; the restart replays from the last checkpoint. */
    static final class FailOnceAfter implements MapFunction<AuditRecord, AuditRecord> {
        static final AtomicInteger SEEN = new AtomicInteger();
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final int n;

        FailOnceAfter(int n) {
            this.n = n;
        }

        @Override
        public AuditRecord map(AuditRecord record) {
            if (SEEN.incrementAndGet() >= n && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + n + " records");
            }
            return record;
        }
    }

    /** The job's configuration for one run, with its own topics, created before the job starts. */
    private Configuration config(String run) throws Exception {
        Configuration config = stack.jobConfiguration();
        config.set(TtsOptions.TOPIC_REQUESTS, run + ".requests");
        config.set(TtsOptions.TOPIC_DLQ, run + ".dlq");
        config.set(TtsOptions.TOPIC_RESULTS, run + ".results");
        config.set(TtsOptions.KAFKA_GROUP, "it-" + run);
        config.set(TtsOptions.INFERENCE_MAX_BATCH, 8);
        stack.kafka.createTopics(Map.of(config.get(TtsOptions.TOPIC_REQUESTS), 2,
                config.get(TtsOptions.TOPIC_DLQ), 1, config.get(TtsOptions.TOPIC_RESULTS), 1));
        return config;
    }

    /** Produces the mixed requests and returns what each request id should end as. */
    private Map<String, Expected> produce(Configuration config, String run, double rate) throws Exception {
        List<GeneratedRequest> requests = new RequestGenerator(7, stack.voiceDir(), run).generate(REQUESTS);
        List<RecordMetadata> landed = Producer.send(stack.kafka.bootstrapServers(),
                config.get(TtsOptions.TOPIC_REQUESTS), requests, rate);
        Map<String, Expected> expected = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            GeneratedRequest r = requests.get(i);
            RecordMetadata m = landed.get(i);
            String id = r.requestId() != null ? r.requestId() : m.topic() + "-" + m.partition() + "-" + m.offset();
            expected.put(id, new Expected(r.expectedStatus(), r.expectedErrorCode(), r.expectDeadLetter()));
        }
        assertThat(expected).hasSize(REQUESTS);
        assertThat(expected.values()).extracting(Expected::status).contains("success", "rejected");
        return expected;
    }

    private static long awaitRows(String run, int expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long rows;
        do {
            Thread.sleep(500);
            rows = countRows(run);
        } while (rows < expected && System.nanoTime() < deadline);
        Thread.sleep(1500); // anything beyond the expected rows (a duplicate) would land now
        return countRows(run);
    }

    private static long countRows(String run) throws Exception {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tts_generation_log WHERE request_id LIKE '" + run + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertAuditRows(String run, Map<String, Expected> expected) throws Exception {
        Map<String, Expected> actual = new HashMap<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, status, error_code, text_input FROM tts_generation_log "
                     + "WHERE request_id LIKE '" + run + "%'")) {
            while (rs.next()) {
                Expected previous = actual.put(rs.getString(1), new Expected(rs.getString(2), rs.getString(3),
                        expected.getOrDefault(rs.getString(1), new Expected("", "", false)).deadLetter()));
                assertThat(previous).as("one row per request id").isNull();
                String text = rs.getString(4);
                if (text != null) {
                    assertThat(text).doesNotContain("13812345678", "zhang.san@", "4111111111111111", "11010519491231002X");
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static void assertAudioFilesExist(String run) throws Exception {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT output_audio_url, achieved_duration_ms FROM tts_generation_log "
                     + "WHERE status = 'success' AND request_id LIKE '" + run + "%'")) {
            int files = 0;
            while (rs.next()) {
                Path wav = Path.of(java.net.URI.create(rs.getString(1)));
                assertThat(wav).exists();
                long dataBytes = Files.size(wav) - 44;
                assertThat(Math.abs(dataBytes / 2 * 1000 / 22050 - rs.getInt(2))).isLessThanOrEqualTo(1);
                files++;
            }
            assertThat(files).isPositive();
        }
    }

    private static void assertDeadLetters(Configuration config, Map<String, Expected> expected, boolean exactlyOnce) {
        Map<String, String> expectedCodes = new HashMap<>();
        expected.forEach((id, e) -> {
            if (e.deadLetter()) {
                expectedCodes.put(id, e.errorCode());
            }
        });
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll(config.get(TtsOptions.TOPIC_DLQ), expectedCodes.size());
        Map<String, String> actualCodes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            actualCodes.put(id, header(r, DeadLetterSerializer.ERROR_CODE));
            assertThat(header(r, DeadLetterSerializer.SOURCE_TOPIC)).isEqualTo(config.get(TtsOptions.TOPIC_REQUESTS));
            assertThat(r.value()).as("raw bytes kept").isNotEmpty();
        }
        assertThat(actualCodes).containsExactlyInAnyOrderEntriesOf(expectedCodes);
        if (exactlyOnce) {
            assertThat(records).hasSize(expectedCodes.size());
        }
    }

    private static void assertResults(Configuration config, Map<String, Expected> expected) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> statuses = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumeAll(config.get(TtsOptions.TOPIC_RESULTS), expected.size())) {
            JsonNode result = json.readTree(r.value());
            statuses.put(result.get("request_id").asText(), result.get("status").asText());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(result.get("request_id").asText());
        }
        Map<String, String> expectedStatuses = new HashMap<>();
        expected.forEach((id, e) -> expectedStatuses.put(id, e.status()));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(expectedStatuses);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || emptyPolls < 2)) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
                emptyPolls = out.size() == before ? emptyPolls + 1 : 0;
            }
        }
        return out;
    }
}
