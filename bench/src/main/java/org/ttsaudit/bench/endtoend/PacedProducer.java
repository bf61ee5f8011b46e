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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ttsaudit.cli.generator.GeneratedRequest;

/**
 * Sends generated requests at a fixed rate, each stamped as it leaves: a valid
 * {@code submitted_at} is set to the send time, so the audit row's event time is when the request
 * was really submitted, and the send time is kept by request id for the latency.
 */
final class PacedProducer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    /** Epoch milliseconds each request with an id was sent. */
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();

    PacedProducer(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends at {@code ratePerSecond}; returns the achieved rate (requests over first to last send). */
    double send(List<GeneratedRequest> requests, double ratePerSecond) throws InterruptedException {
        long start = System.nanoTime();
        long last = start;
        for (int i = 0; i < requests.size(); i++) {
            long wait = start + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            GeneratedRequest r = requests.get(i);
            long now = System.currentTimeMillis();
            byte[] key = r.requestId() == null ? null : r.requestId().getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, key, stamped(r.payload(), Instant.ofEpochMilli(now))));
            if (r.requestId() != null) {
                sentAt.put(r.requestId(), now);
            }
            last = System.nanoTime();
        }
        producer.flush();
        return requests.size() <= 1 ? ratePerSecond : (requests.size() - 1) / ((last - start) / 1e9);
    }

    /** The payload with a valid submitted_at moved to {@code now}; anything else (broken JSON, a bad timestamp) as it was. */
    static byte[] stamped(byte[] payload, Instant now) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node instanceof ObjectNode object && object.path("submitted_at").isTextual()) {
                Instant.parse(object.get("submitted_at").asText());
                object.put("submitted_at", now.toString());
                return JSON.writeValueAsBytes(object);
            }
        } catch (IOException | DateTimeParseException e) {
            // Not a request with a valid timestamp: it goes as generated.
        }
        return payload;
    }

    @Override
    public void close() {
        producer.close();
    }
}
