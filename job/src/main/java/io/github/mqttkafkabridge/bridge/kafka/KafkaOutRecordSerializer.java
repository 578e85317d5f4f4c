package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction.PartitionStrategy;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a rendered record. {@code key_dispatch} leaves the partition to Kafka's key hash (one partition per key);
 * {@code random} picks a random partition of the topic for every record, as EMQX does.
 */
final class KafkaOutRecordSerializer implements KafkaRecordSerializationSchema<KafkaOutRecord> {
    private static final long serialVersionUID = 1L;

    private final PartitionStrategy partitionStrategy;

    KafkaOutRecordSerializer(PartitionStrategy partitionStrategy) {
        this.partitionStrategy = partitionStrategy;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaOutRecord r, KafkaSinkContext context, Long timestamp) {
        Integer partition = null;
        if (partitionStrategy == PartitionStrategy.RANDOM) {
            int[] partitions = context.getPartitionsForTopic(r.topic);
            partition = partitions.length == 0 ? null : partitions[ThreadLocalRandom.current().nextInt(partitions.length)];
        }
        RecordHeaders headers = new RecordHeaders();
        if (r.headerKeys != null) {
            for (int i = 0; i < r.headerKeys.length; i++) {
                headers.add(r.headerKeys[i], r.headerValues[i]);
            }
        }
        return new ProducerRecord<>(r.topic, partition, r.timestamp, r.key, r.value, headers);
    }
}
