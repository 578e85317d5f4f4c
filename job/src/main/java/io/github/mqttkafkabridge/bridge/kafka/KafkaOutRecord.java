package io.github.mqttkafkabridge.bridge.kafka;

/** A rendered Kafka record on its way to the sink (a Flink POJO: public fields, no-arg constructor). */
public class KafkaOutRecord {
    public String topic;
    public byte[] key;
    public byte[] value;
    public long timestamp;
    public String[] headerKeys;
    public byte[][] headerValues;

    public KafkaOutRecord() {}

    public KafkaOutRecord(String topic, byte[] key, byte[] value, long timestamp, String[] headerKeys,
                          byte[][] headerValues) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
        this.headerKeys = headerKeys;
        this.headerValues = headerValues;
    }
}
