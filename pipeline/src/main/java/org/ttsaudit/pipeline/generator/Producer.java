package org.ttsaudit.pipeline.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ttsaudit.pipeline.generator.GeneratedRequest;

/** Sends generated requests to Kafka, optionally at a fixed rate, and reports where each landed. */
public final class Producer {
    private Producer() {}

    public static List<RecordMetadata> send(String bootstrap, String topic, List<GeneratedRequest> requests, double ratePerSecond)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        List<Future<RecordMetadata>> sent = new ArrayList<>(requests.size());
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < requests.size(); i++) {
                if (ratePerSecond > 0) {
                    long due = start + (long) (i * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                GeneratedRequest r = requests.get(i);
                byte[] key = r.requestId() == null ? null : r.requestId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, key, r.payload())));
            }
            producer.flush();
        }
        List<RecordMetadata> landed = new ArrayList<>(sent.size());
        for (Future<RecordMetadata> f : sent) {
            landed.add(f.get());
        }
        return landed;
    }
}
