package org.ttsaudit.pipeline.workflow;

import org.ttsaudit.pipeline.generator.Producer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.sinks.DeadLetterSerializer;

/**
 * One run of the job on a {@link LocalStack} with its own topics and consumer group, so runs in
 * one stack do not see each other's records; request ids of a run start with its name. Reads back
 * what the job wrote: audit rows and topic records.
 */
public final class JobRun {
    private static final Duration ROW_WAIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome a test expects for one request id. */
    public record Expected(String status, String errorCode, boolean deadLetter) {}

    public final LocalStack stack;
    public final String name;
    public final Configuration config;

    private JobRun(LocalStack stack, String name, Configuration config) {
        this.stack = stack;
        this.name = name;
        this.config = config;
    }

    /** The stack's job configuration with this run's topics, created before the job starts. */
    public static JobRun create(LocalStack stack, String name) throws Exception {
        Configuration config = stack.jobConfiguration();
        config.set(TtsOptions.TOPIC_REQUESTS, name + ".requests");
        config.set(TtsOptions.TOPIC_DLQ, name + ".dlq");
        config.set(TtsOptions.TOPIC_RESULTS, name + ".results");
        config.set(TtsOptions.TOPIC_ALERTS, name + ".alerts");
        config.set(TtsOptions.KAFKA_GROUP, "it-" + name);
        config.set(TtsOptions.INFERENCE_MAX_BATCH, 8);
        stack.kafka.createTopics(Map.of(config.get(TtsOptions.TOPIC_REQUESTS), LocalStack.REQUEST_PARTITIONS,
                config.get(TtsOptions.TOPIC_DLQ), 1, config.get(TtsOptions.TOPIC_RESULTS), 1,
                config.get(TtsOptions.TOPIC_ALERTS), 1));
        return new JobRun(stack, name, config);
    }

    /** A request as JSON with this id, text and reference, and the outcome the test expects of it. */
    public static GeneratedRequest request(String id, String text, String refUrl, String status, String errorCode,
                                    boolean deadLetter) {
        ObjectNode json = JSON.createObjectNode().put("request_id", id).put("user_id", 1).put("text", text)
                .put("ref_audio_url", refUrl);
        return new GeneratedRequest(id, json.toString().getBytes(StandardCharsets.UTF_8), status, errorCode, deadLetter);
    }

    /** A request that must succeed: a short text and one of the stack's voices. */
    public GeneratedRequest valid(String id) {
        String voice = "file:" + stack.voiceDir().toAbsolutePath().resolve("voice-" + Math.floorMod(id.hashCode(), RequestGenerator.VOICES) + ".wav");
        return request(id, "你好，欢迎使用。", voice, "success", null, false);
    }

    /** Sends the requests to this run's request topic, in order; where each landed. */
    public List<RecordMetadata> send(List<GeneratedRequest> requests) throws Exception {
        return Producer.send(stack.kafka.bootstrapServers(), config.get(TtsOptions.TOPIC_REQUESTS), requests, 0);
    }

    /**
     * Waits until at least {@code expected} rows of this run are in the log, then a little longer,
     * so that a duplicate would land too; returns the count.
     */
    public long awaitRows(int expected) throws Exception {
        long deadline = System.nanoTime() + ROW_WAIT.toNanos();
        long rows;
        do {
            Thread.sleep(500);
            rows = countRows();
        } while (rows < expected && System.nanoTime() < deadline);
        Thread.sleep(1500);
        return countRows();
    }

    public long countRows() throws Exception {
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tts_generation_log WHERE request_id LIKE '" + name + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What each sent request should end as, by request id; a request without one gets its topic-partition-offset. */
    public static Map<String, Expected> expected(List<GeneratedRequest> requests, List<RecordMetadata> landed) {
        Map<String, Expected> expected = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            GeneratedRequest r = requests.get(i);
            RecordMetadata m = landed.get(i);
            String id = r.requestId() != null ? r.requestId() : m.topic() + "-" + m.partition() + "-" + m.offset();
            expected.put(id, new Expected(r.expectedStatus(), r.expectedErrorCode(), r.expectDeadLetter()));
        }
        assertThat(expected).as("request ids are unique").hasSize(requests.size());
        return expected;
    }

    /**
     * Sends {@code requests} to a running job, waits for a row each and checks them
     * ({@link #assertRows}); what each should end as, for further checks.
     */
    public Map<String, Expected> sendAndCheckRows(List<GeneratedRequest> requests) throws Exception {
        Map<String, Expected> expected = expected(requests, send(requests));
        assertThat(awaitRows(requests.size())).isEqualTo(requests.size());
        assertRows(expected);
        return expected;
    }

    /** Exactly one audit row per request of this run, with the expected status and error code. */
    public void assertRows(Map<String, Expected> expected) throws Exception {
        Map<String, Expected> actual = new HashMap<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, status, error_code FROM tts_generation_log "
                     + "WHERE request_id LIKE '" + name + "%'")) {
            while (rs.next()) {
                Expected previous = actual.put(rs.getString(1), new Expected(rs.getString(2), rs.getString(3),
                        expected.getOrDefault(rs.getString(1), new Expected("", "", false)).deadLetter()));
                assertThat(previous).as("one row per request id").isNull();
            }
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** The dead letters are those expected, with their codes and source; each once when {@code exactlyOnce}. */
    public void assertDeadLetters(Map<String, Expected> expected, boolean exactlyOnce) {
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

    /** Every request has its result, keyed by its id, with the expected status. */
    public void assertResults(Map<String, Expected> expected) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumeAll(config.get(TtsOptions.TOPIC_RESULTS), expected.size())) {
            JsonNode result = JSON.readTree(r.value());
            statuses.put(result.get("request_id").asText(), result.get("status").asText());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(result.get("request_id").asText());
        }
        Map<String, String> expectedStatuses = new HashMap<>();
        expected.forEach((id, e) -> expectedStatuses.put(id, e.status()));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(expectedStatuses);
    }

    /** Every record of a topic, read from the start until at least {@code atLeast} came and two polls were empty. */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int atLeast) {
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

    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
