package org.ttsaudit.pipeline.sinks;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ttsaudit.pipeline.audit.Masker;
import org.ttsaudit.pipeline.records.Rejection;

/**
 * A rejected record for {@code tts.requests.dlq}: the value is the raw bytes as they arrived, so
 * it can be fixed and replayed; the headers say why and where it came from.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<Rejection> {
    private static final long serialVersionUID = 1L;
    public static final String ERROR_CODE = "tts.error_code";
    public static final String ERROR_MESSAGE = "tts.error_message";
    public static final String SOURCE_TOPIC = "tts.source_topic";
    public static final String SOURCE_PARTITION = "tts.source_partition";
    public static final String SOURCE_OFFSET = "tts.source_offset";

    private final String topic;
    private final Masker masker;

    public DeadLetterSerializer(String topic, Masker masker) {
        this.topic = topic;
        this.masker = masker;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Rejection r, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERROR_CODE, utf8(r.errorCode));
        headers.add(ERROR_MESSAGE, utf8(masker.mask(r.message, Masker.newCounts())));
        headers.add(SOURCE_TOPIC, utf8(r.partial.sourceTopic));
        headers.add(SOURCE_PARTITION, utf8(String.valueOf(r.partial.sourcePartition)));
        headers.add(SOURCE_OFFSET, utf8(String.valueOf(r.partial.sourceOffset)));
        return new ProducerRecord<>(topic, null, timestamp, utf8(r.partial.requestId), r.raw, headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
