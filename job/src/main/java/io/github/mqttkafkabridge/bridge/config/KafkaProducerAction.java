package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.template.Template;

import java.io.Serializable;

/** An {@code actions.kafka_producer.<name>} entry: where and how rule outputs are written to Kafka. */
public record KafkaProducerAction(String name, KafkaConnection connection, Template topic, Template key,
                                  Template value, Template timestamp, KafkaHeaderSpec headers,
                                  PartitionStrategy partitionStrategy, KafkaProducerTuning tuning,
                                  DeliveryGuarantee deliveryGuarantee) implements Serializable {

    /** {@code parameters.delivery_guarantee}. */
    public enum DeliveryGuarantee { EXACTLY_ONCE, AT_LEAST_ONCE, NONE }

    /** {@code parameters.partition_strategy}: a random partition, or one partition per key (Kafka's hash). */
    public enum PartitionStrategy { RANDOM, KEY_DISPATCH }

    /** The id rules use in {@code actions = [...]}. */
    public String actionId() {
        return "kafka_producer:" + name;
    }
}
