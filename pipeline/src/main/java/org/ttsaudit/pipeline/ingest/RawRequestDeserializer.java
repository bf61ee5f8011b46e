package org.ttsaudit.pipeline.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ttsaudit.pipeline.records.RawRequest;

/** Keeps the bytes untouched: parsing happens in the job, where a bad record becomes a rejection. */
public class RawRequestDeserializer implements KafkaRecordDeserializationSchema<RawRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRequest> out) {
        out.collect(new RawRequest(record.value(), record.topic(), record.partition(), record.offset(), record.timestamp()));
    }

    @Override
    public TypeInformation<RawRequest> getProducedType() {
        return TypeInformation.of(RawRequest.class);
    }
}
