package io.github.mqttkafkabridge.bridge.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a rendered record as-is; the partition is left to Kafka's partitioner. */
final class KafkaOutRecordSerializer implements KafkaRecordSerializationSchema<KafkaOutRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaOutRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(r.topic, null, r.timestamp, r.key, r.value);
    }
}
