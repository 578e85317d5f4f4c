package io.github.mqttkafkabridge.bridge.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

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

    /** The producer's own upper bound for this record's size in a batch (what max.request.size is checked against). */
    public int sizeUpperBound() {
        Header[] headers = new Header[headerKeys == null ? 0 : headerKeys.length];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new RecordHeader(headerKeys[i], headerValues[i]);
        }
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, value, headers);
    }
}
