package org.ttsaudit.pipeline.records;

/** A request exactly as it arrived on Kafka, with its coordinates so a rejection can point back to it. */
public class RawRequest {
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record timestamp, epoch milliseconds. */
    public long timestamp;

    public RawRequest() {}

    public RawRequest(byte[] value, String topic, int partition, long offset, long timestamp) {
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }
}
