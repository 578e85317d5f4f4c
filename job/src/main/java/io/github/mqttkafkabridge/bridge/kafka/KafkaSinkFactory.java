package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.util.Properties;

/** Builds the Flink {@link KafkaSink} of one {@code kafka_producer} action. */
public final class KafkaSinkFactory {
    /** Brokers cap transactions at transaction.max.timeout.ms, 15 minutes by default. */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    /**
     * The producer's max.request.size: above Kafka's 1 MiB default so that topics configured for larger records
     * (max.message.bytes) get them; the renderer checks each record against the smaller of the two.
     */
    static final int MAX_REQUEST_SIZE = 16 * 1024 * 1024;

    private KafkaSinkFactory() {}

    public static KafkaSink<KafkaOutRecord> create(KafkaProducerAction action) {
        Properties props = action.connection().toClientProperties();
        props.putAll(action.tuning().toProducerProperties());
        props.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        props.setProperty("max.request.size", String.valueOf(MAX_REQUEST_SIZE));
        return KafkaSink.<KafkaOutRecord>builder()
                .setBootstrapServers(action.connection().bootstrapHosts())
                .setRecordSerializer(new KafkaOutRecordSerializer(action.partitionStrategy()))
                .setDeliveryGuarantee(guarantee(action.deliveryGuarantee()))
                // Unique per action so two actions never fence each other's transactions.
                .setTransactionalIdPrefix("bridge-" + action.name())
                .setKafkaProducerConfig(props)
                .build();
    }

    private static DeliveryGuarantee guarantee(KafkaProducerAction.DeliveryGuarantee g) {
        switch (g) {
            case AT_LEAST_ONCE:
                return DeliveryGuarantee.AT_LEAST_ONCE;
            case NONE:
                return DeliveryGuarantee.NONE;
            default:
                return DeliveryGuarantee.EXACTLY_ONCE;
        }
    }
}
