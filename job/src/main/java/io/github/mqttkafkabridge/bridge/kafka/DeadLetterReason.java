package io.github.mqttkafkabridge.bridge.kafka;

import java.util.Locale;

/** Why a rule output could not be written to its Kafka action's topic. */
public enum DeadLetterReason {
    /** The topic template refers to a value the message does not have, or renders empty. */
    TOPIC_RENDER_FAILED,
    /** The rendered topic is not a legal Kafka topic name. */
    INVALID_TOPIC,
    /** The rendered topic does not exist and the connector does not allow auto-creation. */
    UNKNOWN_TOPIC,
    /** The record is larger than the topic (max.message.bytes) or the producer (max.request.size) accepts. */
    TOO_LARGE,
    /** {@code kafka_headers} resolved to something that is not an object or a list of {key, value} pairs. */
    MALFORMED_HEADERS;

    /** The name written into dead letters and logs: {@code unknown_topic}... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
