package org.ttsaudit.pipeline.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ttsaudit.pipeline.records.AlertEvent;

/** Alert notices on {@code tts.alerts}, keyed by episode id so a consumer can group them. */
public class AlertSerializer implements KafkaRecordSerializationSchema<AlertEvent> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final String topic;

    public AlertSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertEvent alert, KafkaSinkContext context, Long timestamp) {
        try {
            // Record time is when the notice is sent: the window's event time may be far from the broker's clock.
            return new ProducerRecord<>(topic, null, null, alert.alertId.getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.alertId + " cannot be serialized", e);
        }
    }
}
