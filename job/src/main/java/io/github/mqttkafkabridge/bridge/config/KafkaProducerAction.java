package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.value.Template;

import java.io.Serializable;
import java.util.List;

/**
 * An {@code actions.kafka_producer.<name>} or {@code actions.confluent_producer.<name>} entry: where and how rule
 * outputs are written to Kafka, and where the ones that cannot be written go: {@code deadLetterTopic} (or null)
 * and the {@code fallbackActions} (EMQX's {@code fallback_actions}).
 */
public record KafkaProducerAction(String name, KafkaConnection connection, Template topic, Template key,
                                  Template value, Template timestamp, KafkaHeaderSpec headers,
                                  PartitionStrategy partitionStrategy, KafkaProducerTuning tuning,
                                  DeliveryGuarantee deliveryGuarantee, String deadLetterTopic,
                                  List<FallbackAction> fallbackActions)
        implements Serializable {

    public KafkaProducerAction {
        fallbackActions = List.copyOf(fallbackActions);
    }

    /** {@code parameters.delivery_guarantee}. */
    public enum DeliveryGuarantee { EXACTLY_ONCE, AT_LEAST_ONCE, NONE }

    /** {@code parameters.partition_strategy}: a random partition, or one partition per key (Kafka's hash). */
    public enum PartitionStrategy { RANDOM, KEY_DISPATCH }

    /** The id rules use in {@code actions = [...]}: {@code kafka_producer:<name>} or {@code confluent_producer:<name>}. */
    public String actionId() {
        return (connection.type().equals("confluent_producer") ? "confluent_producer:" : "kafka_producer:") + name;
    }

    /** The action with other fallback actions. */
    public KafkaProducerAction withFallbackActions(List<FallbackAction> fallbacks) {
        return new KafkaProducerAction(name, connection, topic, key, value, timestamp, headers, partitionStrategy,
                tuning, deliveryGuarantee, deadLetterTopic, fallbacks);
    }

    /** Whether failed messages go to a dead-letter topic ({@code parameters.dead_letter.topic}). */
    public boolean hasDeadLetterTopic() {
        return deadLetterTopic != null;
    }
}
