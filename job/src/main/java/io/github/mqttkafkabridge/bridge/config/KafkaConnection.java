package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;

/** A {@code connectors.kafka_producer.<name>} or {@code connectors.kafka_consumer.<name>} entry. */
public record KafkaConnection(String name, String bootstrapHosts) implements Serializable {}
