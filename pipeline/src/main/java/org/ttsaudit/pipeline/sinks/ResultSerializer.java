package org.ttsaudit.pipeline.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ttsaudit.pipeline.records.AuditRecord;

/**
 * One JSON result per request on {@code tts.results}, keyed by request id. Built from the masked
 * record; {@code risk_flags} is the record's object of rule ids by category, or null.
 */
public class ResultSerializer implements KafkaRecordSerializationSchema<AuditRecord> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String topic;

    public ResultSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AuditRecord a, KafkaSinkContext context, Long timestamp) {
        ObjectNode node = JSON.createObjectNode()
                .put("request_id", a.requestId)
                .put("status", a.status)
                .put("error_code", a.errorCode)
                .put("error_message", a.errorMessage)
                .put("output_audio_url", a.outputAudioUrl)
                .put("audio_duration_ms", a.achievedDurationMs)
                .put("device", a.device)
                .put("model_version", a.modelVersion);
        if (a.userId != null) {
            node.put("user_id", a.userId);
        }
        try {
            node.set("risk_flags", a.riskFlags == null ? null : JSON.readTree(a.riskFlags));
            return new ProducerRecord<>(topic, null, timestamp,
                    a.requestId.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result of " + a.requestId + " cannot be serialized", e);
        }
    }
}
