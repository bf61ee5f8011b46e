package org.ttsaudit.bench.overload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code tts.results} from the start and notes for every result when it arrived, when its
 * request was sent and how it ended. The send time is the result record's timestamp: the job
 * carries each request's Kafka timestamp (the producer's send time) through to its result. Kept
 * in arrays sized up front, so watching a long overload does not grow this JVM's heap, whose
 * size the suite measures.
 */
final class ResultWatcher implements AutoCloseable {
    static final byte SUCCESS = 0;
    static final byte REJECTED = 1;
    static final byte FAILED = 2;
    static final byte EXPIRED = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;
    private long[] sent;
    private long[] seen;
    private byte[] outcome;
    private int size;

    ResultWatcher(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.sent = new long[expected];
        this.seen = new long[expected];
        this.outcome = new byte[expected];
        this.thread = new Thread(this::loop, "bench-result-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    add(r.timestamp(), now, outcome(JSON.readTree(r.value())));
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private static byte outcome(JsonNode result) {
        return switch (result.path("status").asText()) {
            case "success" -> SUCCESS;
            case "rejected" -> REJECTED;
            default -> "REQUEST_EXPIRED".equals(result.path("error_code").asText()) ? EXPIRED : FAILED;
        };
    }

    private synchronized void add(long sentAt, long seenAt, byte how) {
        if (size == sent.length) {
            sent = Arrays.copyOf(sent, size * 2);
            seen = Arrays.copyOf(seen, size * 2);
            outcome = Arrays.copyOf(outcome, size * 2);
        }
        sent[size] = sentAt;
        seen[size] = seenAt;
        outcome[size] = how;
        size++;
    }

    /** Results so far. */
    synchronized int count() throws Exception {
        if (failure != null) {
            throw failure;
        }
        return size;
    }

    /** A copy of what has arrived: send and arrival times (epoch ms) and outcomes, in arrival order. */
    synchronized Results snapshot() {
        return new Results(Arrays.copyOf(sent, size), Arrays.copyOf(seen, size), Arrays.copyOf(outcome, size));
    }

    record Results(long[] sent, long[] seen, byte[] outcome) {
        int size() {
            return sent.length;
        }

        long latency(int i) {
            return seen[i] - sent[i];
        }
    }

    /** Waits until {@code results} have arrived; throws after {@code timeout}. */
    void await(int results, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < results) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count() + " of " + results + " results after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
