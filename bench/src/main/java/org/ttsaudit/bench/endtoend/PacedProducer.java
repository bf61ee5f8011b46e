package org.ttsaudit.bench.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ttsaudit.pipeline.generator.GeneratedRequest;

/**
 * Sends generated requests at a fixed rate, each stamped as it leaves: a valid
 * {@code submitted_at} is set to the send time, so the audit row's event time is when the request
 * was really submitted, and a request id in the payload is set to the request's own (so a
 * suite can send one generated request many times under fresh ids). The Kafka record timestamp
 * is the send time as well, or earlier by a set amount: a request that seems to have waited that
 * long in the topic already.
 */
public final class PacedProducer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final long backdateMs;
    /** Epoch milliseconds each request with an id was sent, for {@link #send} (not {@link #sendFor}). */
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();

    /** What one paced run sent: how many, and at what rate (first to last send). */
    public record Sent(int requests, double rate) {}

    PacedProducer(String bootstrap, String topic, long backdateMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.backdateMs = backdateMs;
    }

    /** Sends {@code requests} at {@code ratePerSecond}, keeping each one's send time; returns the achieved rate. */
    double send(List<GeneratedRequest> requests, double ratePerSecond) throws InterruptedException {
        return pace(requests.size(), Long.MAX_VALUE, ratePerSecond, requests::get, true).rate();
    }

    /**
     * Sends at {@code ratePerSecond} for {@code seconds}, request i being {@code next.apply(i)}. Send
     * times are not kept: a long run at a high rate would fill this JVM's memory with them, and the
     * overload suite measures this JVM's memory.
     */
    public Sent sendFor(double seconds, double ratePerSecond, IntFunction<GeneratedRequest> next) throws InterruptedException {
        return pace(Integer.MAX_VALUE, System.nanoTime() + (long) (seconds * 1e9), ratePerSecond, next, false);
    }

    private Sent pace(int count, long deadlineNanos, double ratePerSecond, IntFunction<GeneratedRequest> next, boolean keep)
            throws InterruptedException {
        long start = System.nanoTime();
        long last = start;
        int sent = 0;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / ratePerSecond);
            if (due >= deadlineNanos) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            GeneratedRequest r = next.apply(i);
            long now = System.currentTimeMillis();
            byte[] key = r.requestId() == null ? null : r.requestId().getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, null, now - backdateMs, key, stamped(r, Instant.ofEpochMilli(now))));
            if (keep && r.requestId() != null) {
                sentAt.put(r.requestId(), now);
            }
            last = System.nanoTime();
            sent++;
        }
        producer.flush();
        return new Sent(sent, sent <= 1 ? ratePerSecond : (sent - 1) / ((last - start) / 1e9));
    }

    /**
     * The payload with a valid submitted_at moved to {@code now} and its request_id set to the
     * request's; anything else (broken JSON, a bad timestamp) as it was.
     */
    static byte[] stamped(GeneratedRequest r, Instant now) {
        JsonNode node;
        try {
            node = JSON.readTree(r.payload());
        } catch (IOException e) {
            return r.payload();
        }
        if (!(node instanceof ObjectNode object)) {
            return r.payload();
        }
        if (object.path("request_id").isTextual() && r.requestId() != null) {
            object.put("request_id", r.requestId());
        }
        if (validInstant(object.path("submitted_at"))) {
            object.put("submitted_at", now.toString());
        }
        try {
            return JSON.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed request cannot be written back", e);
        }
    }

    private static boolean validInstant(JsonNode value) {
        try {
            return value.isTextual() && Instant.parse(value.asText()) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
